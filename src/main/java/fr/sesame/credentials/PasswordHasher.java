package fr.sesame.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator.BlockPool;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id hashes in the PHC string format, which carries the parameters with the hash: a hash made
 * under older parameters still verifies, and {@link #needsRehash} says it should be upgraded.
 * Passwords are NFKC-normalised first, so that the same password typed on another keyboard
 * (composed or decomposed accents, full-width forms) gives the same hash. A peppered hash names its
 * pepper by fingerprint ({@code keyid=}), never by value.
 */
final class PasswordHasher {

  static {
    // Before the first hash compiles: see Argon2CompilerHints.
    Argon2CompilerHints.install();
  }

  private static final Pattern PHC =
      Pattern.compile(
          "^\\$argon2id\\$v=19\\$m=([0-9]{1,8}),t=([0-9]{1,3}),p=([0-9]{1,3})(?:,keyid=([0-9a-f]{8}))?"
              + "\\$([A-Za-z0-9+/]{16,})\\$([A-Za-z0-9+/]{16,})$");
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  /** Argon2id cost parameters. */
  record Cost(int memoryKib, int iterations, int parallelism) {}

  private final Cost cost;
  private final SecureRandom random;
  private final Optional<String> pepperId;
  private final Map<String, byte[]> peppers;

  PasswordHasher(Cost cost, SecureRandom random) {
    this(cost, random, Optional.empty(), List.of());
  }

  PasswordHasher(Cost cost, SecureRandom random, Optional<String> pepper, List<String> previous) {
    this.cost = cost;
    this.random = random;
    Map<String, byte[]> known = new LinkedHashMap<>();
    pepper.ifPresent(value -> known.put(fingerprint(value), bytes(value)));
    previous.forEach(value -> known.putIfAbsent(fingerprint(value), bytes(value)));
    this.peppers = Map.copyOf(known);
    this.pepperId = pepper.map(PasswordHasher::fingerprint);
  }

  /** A new hash of {@code password}, computed in the memory blocks of {@code blocks}. */
  String hash(BlockPool blocks, String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] secret = pepperId.map(peppers::get).orElse(null);
    byte[] hash =
        derive(
            blocks,
            password,
            salt,
            secret,
            cost.memoryKib(),
            cost.iterations(),
            cost.parallelism(),
            HASH_BYTES);
    return "$argon2id$v=19$m="
        + cost.memoryKib()
        + ",t="
        + cost.iterations()
        + ",p="
        + cost.parallelism()
        + pepperId.map(id -> ",keyid=" + id).orElse("")
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(hash);
  }

  /**
   * Constant-time comparison; a malformed stored hash, or one made with a pepper we no longer have,
   * never matches.
   */
  boolean verify(BlockPool blocks, String password, String encoded) {
    Matcher phc = PHC.matcher(encoded);
    if (!phc.matches()) {
      return false;
    }
    byte[] secret = null;
    if (phc.group(4) != null) {
      secret = peppers.get(phc.group(4));
      if (secret == null) {
        return false;
      }
    }
    byte[] salt = B64_DECODER.decode(phc.group(5));
    byte[] expected = B64_DECODER.decode(phc.group(6));
    byte[] actual =
        derive(
            blocks,
            password,
            salt,
            secret,
            Integer.parseInt(phc.group(1)),
            Integer.parseInt(phc.group(2)),
            Integer.parseInt(phc.group(3)),
            expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /** True when the stored hash was made with other parameters or another pepper than today's. */
  boolean needsRehash(String encoded) {
    Matcher phc = PHC.matcher(encoded);
    return !phc.matches()
        || Integer.parseInt(phc.group(1)) != cost.memoryKib()
        || Integer.parseInt(phc.group(2)) != cost.iterations()
        || Integer.parseInt(phc.group(3)) != cost.parallelism()
        || !Optional.ofNullable(phc.group(4)).equals(pepperId);
  }

  /** A short public name for a pepper: enough to tell peppers apart, nothing to attack. */
  static String fingerprint(String pepper) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("sesame-pepper:" + pepper).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static byte[] bytes(String pepper) {
    return pepper.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] derive(
      BlockPool blocks,
      String password,
      byte[] salt,
      byte[] secret,
      int memory,
      int passes,
      int lanes,
      int length) {
    Argon2Parameters.Builder parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memory)
            .withIterations(passes)
            .withParallelism(lanes)
            .withSalt(salt)
            .withBlockPool(blocks);
    if (secret != null) {
      parameters.withSecret(secret);
    }
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters.build());
    byte[] out = new byte[length];
    generator.generateBytes(
        Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
