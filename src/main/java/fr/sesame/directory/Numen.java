package fr.sesame.directory;

import java.util.Optional;

/**
 * The national staff identifier (NUMEN): 2 digits (académie of registration), 1 letter (management
 * system: G, E, P, A…), 2 digits (year), 5 digits, 3 letters. Confidential: {@link #toString()} and
 * {@link #masked()} never show it whole; only {@link #value()} does, for storage.
 */
public final class Numen {

  static final int LENGTH = 13;
  private final String value;

  private Numen(String value) {
    this.value = value;
  }

  /**
   * Upper-cases and trims surrounding ASCII spaces and tabs, then accepts exactly the shape above
   * in ASCII. Everything else is refused: inner spaces, control characters, full-width digits
   * (which {@link Character#isDigit} would accept) and look-alike letters from other scripts.
   */
  public static Optional<Numen> parse(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String trimmed = trimAsciiBlanks(raw);
    if (trimmed.length() != LENGTH) {
      return Optional.empty();
    }
    char[] chars = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      char c = trimmed.charAt(i);
      if (c >= 'a' && c <= 'z') {
        c = (char) (c - 'a' + 'A');
      }
      boolean letterPosition = i == 2 || i >= 10;
      boolean ok = letterPosition ? (c >= 'A' && c <= 'Z') : (c >= '0' && c <= '9');
      if (!ok) {
        return Optional.empty();
      }
      chars[i] = c;
    }
    return Optional.of(new Numen(new String(chars)));
  }

  private static String trimAsciiBlanks(String raw) {
    int start = 0;
    int end = raw.length();
    while (start < end && isBlank(raw.charAt(start))) {
      start++;
    }
    while (end > start && isBlank(raw.charAt(end - 1))) {
      end--;
    }
    return raw.substring(start, end);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\u00A0';
  }

  /** The full NUMEN, for storage and comparison only. */
  public String value() {
    return value;
  }

  /** What reports and screens may show: académie and system letter, and the last three letters. */
  public String masked() {
    return mask(value);
  }

  /** Masks a NUMEN already known to be valid (read back from the database). */
  static String mask(String numen) {
    return numen.substring(0, 3) + "*******" + numen.substring(LENGTH - 3);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Numen numen && numen.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return masked();
  }
}
