package fr.sesame.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class Argon2CompilerHintsTest {

  @Test
  void theJvmTakesTheDirectiveOnceForTheProcess() {
    // A directive the JVM cannot parse is refused, and this answers false.
    assertThat(Argon2CompilerHints.install()).isTrue();
    assertThat(Argon2CompilerHints.install()).isTrue();
  }

  @Test
  void theMethodsItNamesStillExistInBouncyCastle() throws Exception {
    // A renamed method would leave the directive matching nothing: the speed would silently go.
    assertThat(names(Argon2BytesGenerator.class)).contains("roundFunction", "G");
    assertThat(names(Argon2BytesGenerator.class)).anyMatch(name -> name.startsWith("access$"));
    Class<?> fillBlock =
        Class.forName("org.bouncycastle.crypto.generators.Argon2BytesGenerator$FillBlock");
    assertThat(names(fillBlock)).contains("applyBlake");
    assertThat(Argon2CompilerHints.DIRECTIVE)
        .contains("::roundFunction", "::access*", "::G\"", "$FillBlock::applyBlake");
  }

  @Test
  void hashesCompiledUnderTheDirectiveStillMatchRfc9106() {
    Argon2CompilerHints.install();
    byte[] expected =
        HexFormat.of().parseHex("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    // Enough rounds for the optimising compiler to take over the block function.
    for (int i = 0; i < 400; i++) {
      assertThat(rfc9106Argon2id()).as("hash %d", i).isEqualTo(expected);
    }
  }

  /** RFC 9106, section 5.3: the Argon2id test vector. */
  private static byte[] rfc9106Argon2id() {
    byte[] password = new byte[32];
    Arrays.fill(password, (byte) 1);
    byte[] salt = new byte[16];
    Arrays.fill(salt, (byte) 2);
    byte[] secret = new byte[8];
    Arrays.fill(secret, (byte) 3);
    byte[] additional = new byte[12];
    Arrays.fill(additional, (byte) 4);
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(32)
            .withIterations(3)
            .withParallelism(4)
            .withSalt(salt)
            .withSecret(secret)
            .withAdditional(additional)
            .build());
    byte[] out = new byte[32];
    generator.generateBytes(password, out);
    return out;
  }

  private static java.util.List<String> names(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods()).map(Method::getName).toList();
  }
}
