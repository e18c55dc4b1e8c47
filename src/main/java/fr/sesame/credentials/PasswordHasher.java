package fr.sesame.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id hashes in the PHC string format, which carries the parameters with the hash: a hash made
 * under older parameters still verifies, and {@link #needsRehash} says it should be upgraded.
 * Passwords are NFKC-normalised first, so that the same password typed on another keyboard
 * (composed or decomposed accents, full-width forms) gives the same hash.
 */
final class PasswordHasher {

  private static final Pattern PHC =
      Pattern.compile(
          "^\\$argon2id\\$v=19\\$m=([0-9]{1,8}),t=([0-9]{1,3}),p=([0-9]{1,3})"
              + "\\$([A-Za-z0-9+/]{16,})\\$([A-Za-z0-9+/]{16,})$");
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  private final SecureRandom random;

  PasswordHasher(PasswordHashConfig config, SecureRandom random) {
    this.memoryKib = config.memoryKib();
    this.iterations = config.iterations();
    this.parallelism = config.parallelism();
    this.random = random;
  }

  String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
    return "$argon2id$v=19$m="
        + memoryKib
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(hash);
  }

  /** Constant-time comparison; a malformed stored hash never matches. */
  boolean verify(String password, String encoded) {
    Matcher phc = PHC.matcher(encoded);
    if (!phc.matches()) {
      return false;
    }
    byte[] salt = B64_DECODER.decode(phc.group(4));
    byte[] expected = B64_DECODER.decode(phc.group(5));
    byte[] actual =
        derive(
            password,
            salt,
            Integer.parseInt(phc.group(1)),
            Integer.parseInt(phc.group(2)),
            Integer.parseInt(phc.group(3)),
            expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /** True when the stored hash was made with other parameters than the configured ones. */
  boolean needsRehash(String encoded) {
    Matcher phc = PHC.matcher(encoded);
    return !phc.matches()
        || Integer.parseInt(phc.group(1)) != memoryKib
        || Integer.parseInt(phc.group(2)) != iterations
        || Integer.parseInt(phc.group(3)) != parallelism;
  }

  private static byte[] derive(
      String password, byte[] salt, int memory, int passes, int lanes, int length) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memory)
            .withIterations(passes)
            .withParallelism(lanes)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(
        Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
