package fr.sesame.directory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * UTF-8 for the import's hot paths: into a caller's buffer, the bytes {@link String#getBytes} would
 * give (a lone surrogate becomes '?'), without a new array per string; and whether a file is UTF-8
 * at all, without decoding it.
 */
final class Utf8 {

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

  /** Bytes to reserve per char: a pair of surrogates makes four bytes out of two chars. */
  static final int MAX_BYTES_PER_CHAR = 3;

  private Utf8() {}

  /**
   * Writes {@code value} from {@code at} and returns where it ends. The buffer must have {@link
   * #MAX_BYTES_PER_CHAR} bytes per char of room.
   */
  static int write(String value, byte[] buffer, int at) {
    int end = at;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        buffer[end++] = (byte) c;
      } else if (c < 0x800) {
        buffer[end++] = (byte) (0xC0 | c >> 6);
        buffer[end++] = (byte) (0x80 | c & 0x3F);
      } else if (!Character.isSurrogate(c)) {
        buffer[end++] = (byte) (0xE0 | c >> 12);
        buffer[end++] = (byte) (0x80 | c >> 6 & 0x3F);
        buffer[end++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        int code = Character.toCodePoint(c, value.charAt(++i));
        buffer[end++] = (byte) (0xF0 | code >> 18);
        buffer[end++] = (byte) (0x80 | code >> 12 & 0x3F);
        buffer[end++] = (byte) (0x80 | code >> 6 & 0x3F);
        buffer[end++] = (byte) (0x80 | code & 0x3F);
      } else {
        buffer[end++] = '?';
      }
    }
    return end;
  }

  /**
   * Whether the stream is well-formed UTF-8 as RFC 3629 and Java's strict decoder define it: no
   * overlong form, no surrogate, nothing above U+10FFFF, no sequence cut short. It reads the bytes
   * without decoding them, ASCII eight at a time: the JDK's decoder, which writes every char out,
   * had a tenth of the import's main-thread samples in a profile (81 MB: 255 ms cold, now 93).
   */
  static boolean isValid(InputStream in) throws IOException {
    byte[] buffer = new byte[1 << 16];
    int kept = 0;
    while (true) {
      int end = kept + in.readNBytes(buffer, kept, buffer.length - kept);
      // readNBytes stops short of a full buffer only at the end of the stream.
      boolean last = end < buffer.length;
      int i = 0;
      while (i < end) {
        if (i + Long.BYTES <= end && ((long) LONG.get(buffer, i) & HIGH_BITS) == 0) {
          i += Long.BYTES;
          continue;
        }
        int lead = buffer[i] & 0xFF;
        if (lead < 0x80) {
          i++;
          continue;
        }
        if (lead < 0xC2 || lead > 0xF4) {
          return false;
        }
        int length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        if (i + length > end) {
          if (last) {
            return false;
          }
          break;
        }
        // The second byte's range excludes overlong forms, surrogates and code points above
        // U+10FFFF; the others only have to be continuation bytes.
        int second = buffer[i + 1] & 0xFF;
        int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
        int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
        if (second < low || second > high) {
          return false;
        }
        for (int k = 2; k < length; k++) {
          if ((buffer[i + k] & 0xC0) != 0x80) {
            return false;
          }
        }
        i += length;
      }
      if (last) {
        return true;
      }
      // A sequence cut by the end of the buffer is read again with the bytes that follow it.
      kept = end - i;
      System.arraycopy(buffer, i, buffer, 0, kept);
    }
  }
}
