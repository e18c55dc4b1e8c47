package fr.sesame.directory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** HR import settings. */
@ConfigMapping(prefix = "sesame.import")
public interface ImportConfig {

  /**
   * Largest share of open accounts that a full import may block as departures; above it the extract
   * is taken for a truncated file and the import is refused, changing nothing.
   */
  @WithDefault("0.10")
  double maxDepartureRatio();

  /** Longest an import transaction may run before it is rolled back. */
  @WithDefault("PT1H")
  Duration timeout();
}
