package fr.sesame.directory;

/**
 * UTF-8 into a caller's buffer, for the import's hot paths: the bytes {@link String#getBytes} would
 * give (a lone surrogate becomes '?'), without a new array per string.
 */
final class Utf8 {

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
}
