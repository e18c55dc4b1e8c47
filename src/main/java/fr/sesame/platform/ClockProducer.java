package fr.sesame.platform;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
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
    return new SecureRandom();
  }
}
