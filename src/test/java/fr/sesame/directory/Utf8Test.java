package fr.sesame.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
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

  private static boolean jdkSaysValid(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean valid(byte[] bytes) throws IOException {
    return Utf8.isValid(new ByteArrayInputStream(bytes));
  }

  @Test
  void judgesBytesAsTheJdksStrictDecoderDoes() throws IOException {
    // Short runs of bytes around every boundary of the encoding: leads, continuations, the
    // overlong, surrogate and above-U+10FFFF second bytes, and ASCII.
    int[] pool = {
      'a', 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
      0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF
    };
    Random random = new Random(13);
    int invalid = 0;
    for (int n = 0; n < 50_000; n++) {
      byte[] bytes = new byte[random.nextInt(12)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] =
            (byte)
                (random.nextInt(4) == 0 ? random.nextInt(256) : pool[random.nextInt(pool.length)]);
      }
      boolean expected = jdkSaysValid(bytes);
      if (valid(bytes) != expected) {
        fail(
            "%s: the JDK says %s", HexFormat.of().formatHex(bytes), expected ? "valid" : "invalid");
      }
      invalid += expected ? 0 : 1;
    }
    // Both answers came up often enough for the comparison to mean something.
    assertThat(invalid).isBetween(5_000, 45_000);
  }

  @Test
  void followsASequenceAcrossTheReadBuffer() throws IOException {
    // Buffers are 64 KiB: a three-byte char starting at every position around the boundary, and
    // the same sequence cut short at the very end of the stream.
    for (int at = (1 << 16) - 4; at <= (1 << 16) + 1; at++) {
      byte[] bytes = new byte[(1 << 17) + 3];
      Arrays.fill(bytes, (byte) 'a');
      byte[] char3 = "王".getBytes(StandardCharsets.UTF_8);
      System.arraycopy(char3, 0, bytes, at, char3.length);
      assertThat(valid(bytes)).as("at %d", at).isTrue();
      bytes[at + 2] = 'a';
      assertThat(valid(bytes)).as("cut at %d", at).isFalse();
    }
    byte[] end = Arrays.copyOf("fin é".getBytes(StandardCharsets.UTF_8), 6);
    assertThat(valid(end)).isTrue();
    assertThat(valid(Arrays.copyOf(end, 5))).isFalse();
    String text = "Nguyễn;Ó Briain;Müller;🌲\n".repeat(10_000);
    assertThat(valid(text.getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(valid(text.getBytes(Charset.forName("windows-1252")))).isFalse();
  }
}
