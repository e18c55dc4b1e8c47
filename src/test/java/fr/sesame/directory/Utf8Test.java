package fr.sesame.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

  private static byte[] write(String value) {
    byte[] buffer = new byte[1 + value.length() * Utf8.MAX_BYTES_PER_CHAR];
    buffer[0] = 'x';
    int end = Utf8.write(value, buffer, 1);
    return Arrays.copyOfRange(buffer, 1, end);
  }

  @Test
  void writesWhatGetBytesWrites() {
    // Every range: ASCII, two and three bytes, pairs of surrogates and lone ones.
    Random random = new Random(11);
    char[] pool = {'a', 'é', 'ễ', '王', '\uD83C', '\uDF32', '\uDC00', '\uD800', '\uFFFF', '\u0000'};
    for (int n = 0; n < 20_000; n++) {
      char[] chars = new char[random.nextInt(9)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] =
            random.nextBoolean() ? pool[random.nextInt(pool.length)] : (char) random.nextInt();
      }
      String value = new String(chars);
      assertThat(write(value)).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
    }
  }
}
