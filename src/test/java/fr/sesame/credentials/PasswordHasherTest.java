package fr.sesame.credentials;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import fr.sesame.support.Argon2Hashes;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator.BlockPool;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator.FixedBlockPool;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private static PasswordHasher.Cost config(int memory, int iterations, int parallelism) {
    return new PasswordHasher.Cost(memory, iterations, parallelism);
  }

  private final BlockPool work = new FixedBlockPool(19456);

  private final PasswordHasher hasher = new PasswordHasher(config(19456, 2, 1), new SecureRandom());

  @Test
  void storesArgon2idWithItsParametersAndARandomSalt() {
    String first = hasher.hash(work, "Garrigue-Soleil-2026");
    String second = hasher.hash(work, "Garrigue-Soleil-2026");
    assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("Garrigue");
    assertThat(first).isNotEqualTo(second);
    assertThat(hasher.verify(work, "Garrigue-Soleil-2026", first)).isTrue();
    assertThat(hasher.verify(work, "Garrigue-Soleil-2027", first)).isFalse();
  }

  @Test
  void normalisesUnicodeBeforeHashing() {
    String composed = hasher.hash(work, "Été\u00e9-Cigale-42");
    assertThat(hasher.verify(work, "E\u0301te\u0301e\u0301-Cigale-42", composed)).isTrue();
    assertThat(hasher.verify(work, "Ｅｔｅ-Cigale-42", hasher.hash(work, "Ete-Cigale-42"))).isTrue();
  }

  @Test
  void verifiesOldHashesAndSaysTheyNeedUpgrading() {
    PasswordHasher old = new PasswordHasher(config(8192, 1, 1), new SecureRandom());
    String stored = old.hash(work, "Tramontane-Vent-3150");
    assertThat(hasher.verify(work, "Tramontane-Vent-3150", stored)).isTrue();
    assertThat(hasher.needsRehash(stored)).isTrue();
    assertThat(hasher.needsRehash(hasher.hash(work, "Tramontane-Vent-3150"))).isFalse();
  }

  @Test
  void neverMatchesAMalformedHash() {
    assertThat(
            hasher.verify(
                work, "x", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo"))
        .isFalse();
    assertThat(hasher.verify(work, "x", "plain text")).isFalse();
    assertThat(hasher.needsRehash("plain text")).isTrue();
  }

  @Test
  void peppersNewHashesAndUpgradesOldOnes() {
    PasswordHasher peppered =
        new PasswordHasher(
            config(19456, 2, 1), new SecureRandom(), Optional.of("poivre-secret"), List.of());
    String plain = hasher.hash(work, "Garrigue-Soleil-2026");
    String withPepper = peppered.hash(work, "Garrigue-Soleil-2026");

    assertThat(withPepper)
        .contains(",keyid=" + PasswordHasher.fingerprint("poivre-secret") + "$")
        .doesNotContain("poivre");
    assertThat(peppered.verify(work, "Garrigue-Soleil-2026", withPepper)).isTrue();
    assertThat(peppered.verify(work, "Garrigue-Soleil-2026", plain)).isTrue();
    assertThat(peppered.needsRehash(plain)).isTrue();
    assertThat(peppered.needsRehash(withPepper)).isFalse();
    // Without the pepper, the database alone does not verify the password.
    assertThat(hasher.verify(work, "Garrigue-Soleil-2026", withPepper)).isFalse();
  }

  @Test
  void keepsVerifyingHashesOfAPreviousPepper() {
    PasswordHasher before =
        new PasswordHasher(
            config(19456, 2, 1), new SecureRandom(), Optional.of("ancien"), List.of());
    PasswordHasher after =
        new PasswordHasher(
            config(19456, 2, 1), new SecureRandom(), Optional.of("nouveau"), List.of("ancien"));
    String stored = before.hash(work, "Cigale&Platane-4817");

    assertThat(after.verify(work, "Cigale&Platane-4817", stored)).isTrue();
    assertThat(after.needsRehash(stored)).isTrue();
  }

  @Test
  void reusedMemoryGivesTheHashesOfFreshMemory() {
    // A reference hash from a generator with memory of its own (no pool).
    String reference =
        Argon2Hashes.phc("Garrigue-Soleil-2026", "sel-de-la-garrigue".getBytes(UTF_8), 19456, 2);
    for (int i = 0; i < 3; i++) {
      assertThat(hasher.verify(work, "Garrigue-Soleil-2026", reference)).isTrue();
      assertThat(hasher.verify(work, "Garrigue-Soleil-2027", reference)).isFalse();
    }
    // A bigger old hash borrows extra blocks and leaves the slot as it was.
    String bigger =
        new PasswordHasher(config(32768, 1, 1), new SecureRandom()).hash(work, "Mistral-Vent-3150");
    assertThat(hasher.verify(work, "Mistral-Vent-3150", bigger)).isTrue();
    assertThat(hasher.verify(work, "Garrigue-Soleil-2026", reference)).isTrue();
  }

  @Test
  void aHashInASlotsMemoryLeavesAlmostNoGarbage() {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    String stored = hasher.hash(work, "Garrigue-Soleil-2026");

    long before = threads.getThreadAllocatedBytes(thread);
    assertThat(hasher.verify(work, "Garrigue-Soleil-2026", stored)).isTrue();
    long reused = threads.getThreadAllocatedBytes(thread) - before;

    before = threads.getThreadAllocatedBytes(thread);
    assertThat(hasher.verify(new FixedBlockPool(19456), "Garrigue-Soleil-2026", stored)).isTrue();
    long fresh = threads.getThreadAllocatedBytes(thread) - before;

    // 19,456 blocks of 1 KiB: fresh memory allocates them all, a slot's memory none of them.
    assertThat(fresh).isGreaterThan(19456L * 1024);
    assertThat(reused).isLessThan(256L * 1024);
  }
}
