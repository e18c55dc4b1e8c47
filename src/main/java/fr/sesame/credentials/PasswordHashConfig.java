package fr.sesame.credentials;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Argon2id parameters (OWASP Password Storage cheat sheet minimum: 19 MiB, 2 passes, 1 lane). */
@ConfigMapping(prefix = "sesame.password.argon2")
public interface PasswordHashConfig {

  /** Memory per hash, in KiB. */
  @WithDefault("19456")
  int memoryKib();

  /** Passes over the memory. */
  @WithDefault("2")
  int iterations();

  /** Lanes. */
  @WithDefault("1")
  int parallelism();
}
