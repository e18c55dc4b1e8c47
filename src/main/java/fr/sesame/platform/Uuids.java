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

  private static final int RANDOM_BYTES = 10;

  private Uuids() {}

  public static UUID v7(Clock clock, SecureRandom random) {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return v7(clock.millis(), bytes, 0);
  }

  private static UUID v7(long millis, byte[] bytes, int offset) {
    long randA = ((bytes[offset] & 0xFFL) << 4 | (bytes[offset + 1] & 0xF0L) >>> 4) & 0xFFF;
    long randB = 0;
    for (int i = offset + 2; i < offset + RANDOM_BYTES; i++) {
      randB = randB << 8 | (bytes[i] & 0xFFL);
    }
    long msb = (millis << 16) | 0x7000L | randA;
    long lsb = (randB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  /**
   * Identifiers for a bulk load: the same as {@link #v7}, with the random bytes drawn a few
   * kilobytes at a time, since one generator call per row costs more than the rest of the id.
   */
  public static final class Batch {
    private final Clock clock;
    private final SecureRandom random;
    private final byte[] pool = new byte[RANDOM_BYTES * 410];
    private int next = pool.length;

    public Batch(Clock clock, SecureRandom random) {
      this.clock = clock;
      this.random = random;
    }

    public UUID next() {
      if (next == pool.length) {
        random.nextBytes(pool);
        next = 0;
      }
      UUID id = v7(clock.millis(), pool, next);
      next += RANDOM_BYTES;
      return id;
    }
  }
}
