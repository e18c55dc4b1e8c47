package fr.sesame.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidsTest {

  @Test
  void areVersion7WithTheTimeInFrontAndRandomBitsBehind() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);
    SecureRandom random = new SecureRandom();
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      UUID id = Uuids.v7(clock, random);
      assertThat(id.version()).isEqualTo(7);
      assertThat(id.variant()).isEqualTo(2);
      assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(clock.millis());
      seen.add(id);
    }
    assertThat(seen).hasSize(10_000);
  }

  @Test
  void aBatchGivesTheSameIdentifiersAsOneCallEach() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);
    // Two generators in the same state: one drawing ten bytes an id, the other in bulk.
    SecureRandom single = deterministic();
    SecureRandom bulk = deterministic();
    Uuids.Batch batch = new Uuids.Batch(clock, bulk);
    // Past one pool of random bytes, so that the refill is checked too.
    for (int i = 0; i < 1_000; i++) {
      assertThat(batch.next()).isEqualTo(Uuids.v7(clock, single));
    }
  }

  private static SecureRandom deterministic() {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(42);
      return random;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void sortByTime() {
    SecureRandom random = new SecureRandom();
    UUID earlier =
        Uuids.v7(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), random);
    UUID later =
        Uuids.v7(Clock.fixed(Instant.parse("2026-01-01T00:00:00.001Z"), ZoneOffset.UTC), random);
    assertThat(earlier.toString()).isLessThan(later.toString());
  }
}
