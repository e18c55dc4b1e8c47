package fr.sesame.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator.BlockPool;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id PHC strings made outside the service, for tests and benchmarks that put a known password
 * straight into the database (no hash is committed).
 */
public final class Argon2Hashes {

  private Argon2Hashes() {}

  public static String phc(String password, byte[] salt, int memoryKib, int iterations) {
    return phc(password, salt, memoryKib, iterations, null);
  }

  /** The same, with the memory blocks of {@code blocks} when given (as the service's slots do). */
  public static String phc(
      String password, byte[] salt, int memoryKib, int iterations, BlockPool blocks) {
    Argon2Parameters.Builder parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(1)
            .withSalt(salt);
    if (blocks != null) {
      parameters.withBlockPool(blocks);
    }
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters.build());
    byte[] out = new byte[32];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m="
        + memoryKib
        + ",t="
        + iterations
        + ",p=1$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(out);
  }
}
