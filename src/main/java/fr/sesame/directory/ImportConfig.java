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

  /**
   * An import that creates at least this many people and at least doubles the directory drops the
   * directory's secondary indexes and rebuilds them before commit, which is several times faster
   * than maintaining them row by row; the directory table is locked meanwhile.
   */
  @WithDefault("50000")
  int bulkLoadMinRows();

  /** Longest an import transaction may run before it is rolled back. */
  @WithDefault("PT1H")
  Duration timeout();
}
