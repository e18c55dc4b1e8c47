package fr.sesame.admin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Administration settings. */
@ConfigMapping(prefix = "sesame.admin")
public interface AdminConfig {

  /**
   * The login (or académie address) of the first académie administrator, made one at start-up when
   * the académie has none. The person signs in with their own password, set through the usual
   * activation: there is no default password. Also: {@code java -jar sesame.jar grant-admin}.
   */
  Optional<String> bootstrapLogin();

  /** How long a deleted account can be restored; it is purged afterwards. */
  @WithDefault("P30D")
  Duration deletedRetention();

  /** How often the purge and the end of temporary blocks run. */
  @WithDefault("1m")
  String lifecycleEvery();
}
