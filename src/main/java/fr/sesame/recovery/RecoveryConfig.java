package fr.sesame.recovery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Self-service flows: activation, password reset, forgotten identifier, recovery contacts. */
@ConfigMapping(prefix = "sesame.recovery")
public interface RecoveryConfig {

  /** How long a flow lives from its first step; an unfinished one is then forgotten. */
  @WithDefault("PT30M")
  Duration flowLifetime();

  /**
   * Lets a person with no verified recovery channel reset their password with their NUMEN and birth
   * date alone, as the académies' portals do today (with stricter throttling). Off (the hardened
   * setting): such people are sent to their DSDEN, whose contact is shown.
   */
  @WithDefault("false")
  boolean numenFallback();

  /** One-time codes. */
  Codes codes();

  /** Request limits (fixed windows, shared by every replica). */
  Limits limits();

  /** The anti-bot check. */
  AntiBot antiBot();

  /** One-time codes typed by people. */
  interface Codes {

    /** Digits in a code (6 at least). */
    @WithDefault("6")
    int length();

    /** Life of a code (10 to 15 minutes). */
    @WithDefault("PT15M")
    Duration lifetime();

    /** Wrong entries a code survives before it is dead. */
    @WithDefault("5")
    int attempts();

    /** Wait between two codes sent by one flow. */
    @WithDefault("PT60S")
    Duration resendCooldown();

    /**
     * Life of a code an administrator hands over in person (assisted reset): long enough to read it
     * out on the phone and type it, short enough that a code written down dies the same day.
     */
    @WithDefault("PT1H")
    Duration assistedLifetime();
  }

  /** Request limits. Each counts every request, whatever its outcome. */
  interface Limits {

    /** Window of every limit below. */
    @WithDefault("PT1H")
    Duration window();

    /** Requests per client address (identification steps: activation, reset, identifier). */
    @WithDefault("30")
    int perAddress();

    /** Requests per client address that sent no anti-bot solution (pages without JavaScript). */
    @WithDefault("6")
    int perAddressWithoutAntiBot();

    /** Checks of one NUMEN + birth date, whoever makes them (a knowledge factor, not a secret). */
    @WithDefault("5")
    int perNumen();

    /** Reset requests for one login or address. */
    @WithDefault("10")
    int perIdentifier();

    /** NUMEN + birth date fallbacks per client address (the weakest way in). */
    @WithDefault("5")
    int fallbackPerAddress();

    /** Identification steps in the whole service per window (a distributed attack). */
    @WithDefault("20000")
    int global();

    /** Codes sent to one account per window, all flows together. */
    @WithDefault("6")
    int codesPerAccount();

    /** SMS to one number per window (SMS pumping costs real money). */
    @WithDefault("4")
    int smsPerNumber();

    /** SMS per client address per window. */
    @WithDefault("10")
    int smsPerAddress();

    /** SMS in the whole service per window. */
    @WithDefault("2000")
    int smsGlobal();
  }

  /** ALTCHA proof of work. */
  interface AntiBot {

    /**
     * Upper bound of the secret number; the browser tries half of it on average (about a second on
     * an old PC at 100,000).
     */
    @WithDefault("100000")
    long maxNumber();

    /** How long a challenge may be solved and used (once). */
    @WithDefault("PT10M")
    Duration lifetime();
  }
}
