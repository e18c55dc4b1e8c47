package fr.sesame.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;

class KeySetTest {

  private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
  private static final Duration VALID = Duration.ofMinutes(6);

  private static SigningKey key(String kid, Instant signsFrom, Instant revoked) throws Exception {
    return new SigningKey(
        kid, "ES256", EcJwkGenerator.generateJwk(EllipticCurves.P256), signsFrom, revoked);
  }

  @Test
  void publishesTheNextKeyBeforeItSignsAndTheOldOneUntilItsTokensExpired() throws Exception {
    Instant next = T0.plus(Duration.ofDays(30));
    KeySet set = new KeySet(List.of(key("old", T0, null), key("new", next, null)), VALID);

    Instant before = next.minus(Duration.ofMinutes(30));
    assertThat(set.signer("ES256", before).orElseThrow().kid()).isEqualTo("old");
    assertThat(set.published(before)).extracting(SigningKey::kid).containsExactly("old", "new");

    Instant after = next.plusSeconds(1);
    assertThat(set.signer("ES256", after).orElseThrow().kid()).isEqualTo("new");
    assertThat(set.published(after)).extracting(SigningKey::kid).containsExactly("old", "new");
    assertThat(set.verifier("old", after)).isPresent();

    Instant expired = next.plus(VALID).plusSeconds(1);
    assertThat(set.published(expired)).extracting(SigningKey::kid).containsExactly("new");
    assertThat(set.verifier("old", expired)).isEmpty();
  }

  @Test
  void neverPublishesOrUsesARevokedKey() throws Exception {
    KeySet set =
        new KeySet(
            List.of(key("leaked", T0, T0.plusSeconds(60)), key("fresh", T0.plusSeconds(60), null)),
            VALID);
    Instant now = T0.plusSeconds(61);
    assertThat(set.published(now)).extracting(SigningKey::kid).containsExactly("fresh");
    assertThat(set.verifier("leaked", now)).isEmpty();
    assertThat(set.signer("ES256", now).orElseThrow().kid()).isEqualTo("fresh");
  }

  @Test
  void hasNoSignerBeforeAnyKeyIsDue() throws Exception {
    KeySet set = new KeySet(List.of(key("later", T0, null)), VALID);
    assertThat(set.signer("ES256", T0.minusSeconds(1))).isEmpty();
    assertThat(set.signer("RS256", T0)).isEmpty();
  }

  @Test
  void aReplicaWhoseClockLagsSignsWithTheKeyJustMadeElsewhere() throws Exception {
    // An emergency rotation on a replica whose clock is ahead: every key withdrawn, a new one
    // signing from that replica's now.
    Instant made = T0.plus(Duration.ofDays(3));
    KeySet set = new KeySet(List.of(key("leaked", T0, made), key("fresh", made, null)), VALID);
    Instant lagging = made.minusMillis(40);
    Duration skew = Duration.ofMinutes(1);
    assertThat(set.signer("ES256", lagging)).isEmpty();
    assertThat(set.signer("ES256", lagging, skew).orElseThrow().kid()).isEqualTo("fresh");
    // What it signs verifies there and everywhere: the new key is already published.
    assertThat(set.verifier("fresh", lagging)).isPresent();
    // Never the withdrawn key, never a key due beyond the skew, never another algorithm.
    assertThat(set.signer("ES256", made.minus(Duration.ofMinutes(2)), skew)).isEmpty();
    assertThat(set.signer("RS256", lagging, skew)).isEmpty();
  }

  @Test
  void aNextKeyPublishedAheadNeverSignsEarly() throws Exception {
    Instant next = T0.plus(Duration.ofDays(30));
    KeySet set = new KeySet(List.of(key("old", T0, null), key("new", next, null)), VALID);
    assertThat(
            set.signer("ES256", next.minusSeconds(10), Duration.ofMinutes(1)).orElseThrow().kid())
        .isEqualTo("old");
  }
}
