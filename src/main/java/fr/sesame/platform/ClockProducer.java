package fr.sesame.platform;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;

/** Time and randomness are injected everywhere, so that tests move time instead of sleeping. */
@Singleton
class ClockProducer {

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  SecureRandom secureRandom() {
    try {
      // NIST SP 800-90A DRBG, seeded from the operating system: as strong as the default
      // NativePRNG, without a read of /dev/urandom under a global lock at every call (a
      // million-row import draws two million random numbers for its identifiers).
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("DRBG is part of every JDK since 9", e);
    }
  }
}
