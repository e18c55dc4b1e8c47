package fr.sesame.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private static PasswordHashConfig config(int memory, int iterations, int parallelism) {
    return new PasswordHashConfig() {
      @Override
      public int memoryKib() {
        return memory;
      }

      @Override
      public int iterations() {
        return iterations;
      }

      @Override
      public int parallelism() {
        return parallelism;
      }
    };
  }

  private final PasswordHasher hasher = new PasswordHasher(config(19456, 2, 1), new SecureRandom());

  @Test
  void storesArgon2idWithItsParametersAndARandomSalt() {
    String first = hasher.hash("Garrigue-Soleil-2026");
    String second = hasher.hash("Garrigue-Soleil-2026");
    assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("Garrigue");
    assertThat(first).isNotEqualTo(second);
    assertThat(hasher.verify("Garrigue-Soleil-2026", first)).isTrue();
    assertThat(hasher.verify("Garrigue-Soleil-2027", first)).isFalse();
  }

  @Test
  void normalisesUnicodeBeforeHashing() {
    String composed = hasher.hash("Été\u00e9-Cigale-42");
    assertThat(hasher.verify("E\u0301te\u0301e\u0301-Cigale-42", composed)).isTrue();
    assertThat(hasher.verify("Ｅｔｅ-Cigale-42", hasher.hash("Ete-Cigale-42"))).isTrue();
  }

  @Test
  void verifiesOldHashesAndSaysTheyNeedUpgrading() {
    PasswordHasher old = new PasswordHasher(config(8192, 1, 1), new SecureRandom());
    String stored = old.hash("Tramontane-Vent-3150");
    assertThat(hasher.verify("Tramontane-Vent-3150", stored)).isTrue();
    assertThat(hasher.needsRehash(stored)).isTrue();
    assertThat(hasher.needsRehash(hasher.hash("Tramontane-Vent-3150"))).isFalse();
  }

  @Test
  void neverMatchesAMalformedHash() {
    assertThat(
            hasher.verify("x", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo"))
        .isFalse();
    assertThat(hasher.verify("x", "plain text")).isFalse();
    assertThat(hasher.needsRehash("plain text")).isTrue();
  }
}
