package fr.sesame.platform;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Time-ordered random identifiers (RFC 9562 version 7): new rows land at the end of the primary key
 * index instead of all over it, which keeps million-row imports fast, while the 74 random bits keep
 * identifiers unguessable.
 */
public final class Uuids {

  private Uuids() {}

  public static UUID v7(Clock clock, SecureRandom random) {
    long millis = clock.millis();
    byte[] bytes = new byte[10];
    random.nextBytes(bytes);
    long randA = ((bytes[0] & 0xFFL) << 4 | (bytes[1] & 0xF0L) >>> 4) & 0xFFF;
    long randB = 0;
    for (int i = 2; i < 10; i++) {
      randB = randB << 8 | (bytes[i] & 0xFFL);
    }
    long msb = (millis << 16) | 0x7000L | randA;
    long lsb = (randB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }
}
