package fr.sesame.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long the audit keeps its rows. */
@ConfigMapping(prefix = "sesame.audit")
public interface AuditConfig {

  /**
   * Rows older than this are deleted by a daily purge. The CNIL recommends six to twelve months for
   * security logs (délibération 2021-122); the default keeps a year.
   */
  @WithDefault("P365D")
  Duration retention();
}
