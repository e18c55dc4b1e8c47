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
  void sortByTime() {
    SecureRandom random = new SecureRandom();
    UUID earlier =
        Uuids.v7(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), random);
    UUID later =
        Uuids.v7(Clock.fixed(Instant.parse("2026-01-01T00:00:00.001Z"), ZoneOffset.UTC), random);
    assertThat(earlier.toString()).isLessThan(later.toString());
  }
}
