package fr.sesame.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private static PasswordHasher.Cost config(int memory, int iterations, int parallelism) {
    return new PasswordHasher.Cost(memory, iterations, parallelism);
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

  @Test
  void peppersNewHashesAndUpgradesOldOnes() {
    PasswordHasher peppered =
        new PasswordHasher(
            config(19456, 2, 1), new SecureRandom(), Optional.of("poivre-secret"), List.of());
    String plain = hasher.hash("Garrigue-Soleil-2026");
    String withPepper = peppered.hash("Garrigue-Soleil-2026");

    assertThat(withPepper)
        .contains(",keyid=" + PasswordHasher.fingerprint("poivre-secret") + "$")
        .doesNotContain("poivre");
    assertThat(peppered.verify("Garrigue-Soleil-2026", withPepper)).isTrue();
    assertThat(peppered.verify("Garrigue-Soleil-2026", plain)).isTrue();
    assertThat(peppered.needsRehash(plain)).isTrue();
    assertThat(peppered.needsRehash(withPepper)).isFalse();
    // Without the pepper, the database alone does not verify the password.
    assertThat(hasher.verify("Garrigue-Soleil-2026", withPepper)).isFalse();
  }

  @Test
  void keepsVerifyingHashesOfAPreviousPepper() {
    PasswordHasher before =
        new PasswordHasher(
            config(19456, 2, 1), new SecureRandom(), Optional.of("ancien"), List.of());
    PasswordHasher after =
        new PasswordHasher(
            config(19456, 2, 1), new SecureRandom(), Optional.of("nouveau"), List.of("ancien"));
    String stored = before.hash("Cigale&Platane-4817");

    assertThat(after.verify("Cigale&Platane-4817", stored)).isTrue();
    assertThat(after.needsRehash(stored)).isTrue();
  }
}
