package fr.sesame.credentials;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** How passwords are stored, hashed and judged. */
@ConfigMapping(prefix = "sesame.password")
public interface PasswordConfig {

  /** Argon2id cost (OWASP Password Storage cheat sheet minimum: 19 MiB, 2 passes, 1 lane). */
  Argon2 argon2();

  /** The bounded pool that runs the hashes. */
  Hashing hashing();

  /** The password policy. */
  Policy policy();

  /**
   * Optional pepper: a secret kept outside the database (a Kubernetes secret), mixed into every new
   * hash as Argon2's secret input, so that a stolen database alone cannot be attacked offline.
   * Hashes name their pepper by a short fingerprint; hashes made without one, or with a previous
   * one, still verify and are upgraded at the next login.
   */
  Optional<String> pepper();

  /** Peppers replaced by {@link #pepper()}, kept until every hash made with them was upgraded. */
  Optional<List<String>> previousPeppers();

  /** Argon2id parameters. */
  interface Argon2 {

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

  /** Hashing pool: at most {@code threads} hashes at once, so memory stays bounded. */
  interface Hashing {

    /** Hashes that may run at once; default: the number of cores. */
    OptionalInt threads();

    /** How long a login may wait for a free slot before it is answered 503. */
    @WithDefault("PT1S")
    Duration maxWait();

    /** The Retry-After sent with that 503, in seconds. */
    @WithDefault("1")
    int retryAfterSeconds();

    /**
     * Password grants that may queue for the login threads at once; more are answered 503 at once.
     * The queue holds requests, not threads, so a flood never ties up the threads that serve
     * refreshes, introspection and pages.
     */
    @WithDefault("64")
    int queue();
  }

  /** Password policy (CNIL délibération 2022-100, NIST SP 800-63B). */
  interface Policy {

    /**
     * Minimum length, 12 to 15: 12 follows the CNIL (with 4 character classes; 14 with 3), 15 is
     * NIST's minimum for a password used alone.
     */
    @WithDefault("12")
    int minLength();

    /**
     * Minimum length for administrators (any role), who can block, delete and hand out codes: 16 by
     * default, never below {@link #minLength()}. Checked when they set a password and at each
     * administration login.
     */
    @WithDefault("16")
    int administratorMinLength();
  }
}
