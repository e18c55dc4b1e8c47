package fr.sesame.credentials;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Progressive delays after failed logins. After the free failures, each new failure doubles the
 * wait before the next attempt is even checked, from {@code first-delay} up to {@code max-delay}:
 * guessing slows to a crawl, and a person locked out by someone else's attempts waits minutes, not
 * days (and can still reset their password).
 */
@ConfigMapping(prefix = "sesame.login.throttle")
public interface ThrottleConfig {

  /** Failures of one account (or one unknown login) before delays start. */
  @WithDefault("5")
  int accountFreeFailures();

  /** Failures from one client address before delays start (a school shares one address). */
  @WithDefault("50")
  int addressFreeFailures();

  /** The first delay; each further failure doubles it. */
  @WithDefault("PT1S")
  Duration firstDelay();

  /** The longest delay. */
  @WithDefault("PT15M")
  Duration maxDelay();

  /** A counter with no failure for this long starts again from zero. */
  @WithDefault("PT1H")
  Duration forgetAfter();
}
