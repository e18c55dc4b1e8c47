package fr.sesame.directory;

import java.text.Normalizer;

/**
 * Folds a name to the lower-case ASCII letters that logins, addresses and search keys are made of:
 * accents and other marks dropped (é→e, ñ→n, ễ→e), ligatures and letters without a decomposition
 * spelled out (œ→oe, æ→ae, ß→ss, ø→o, ł→l, đ→d, þ→th), and everything that is not a letter removed
 * (spaces, apostrophes, hyphens, dots, digits). A name written only in a script with no Latin
 * reading folds to the empty string, which callers refuse.
 */
public final class NameFolding {

  private NameFolding() {}

  /**
   * Characters below this fold one by one to a fixed string (Latin-1 and Latin Extended A and B,
   * the letters of nearly every name in an HR extract): folding a name written only with them needs
   * no decomposition.
   */
  private static final int TABLE_END = 0x250;

  private static final String[] FOLDED = new String[TABLE_END];

  static {
    for (char c = 0; c < TABLE_END; c++) {
      FOLDED[c] = foldByDecomposition(String.valueOf(c));
    }
  }

  public static String fold(String name) {
    if (name == null || name.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= TABLE_END) {
        return foldByDecomposition(name);
      }
      out.append(FOLDED[c]);
    }
    return out.toString();
  }

  /** Whether the name folds to at least one letter, without building the folded name. */
  static boolean hasLetter(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= TABLE_END) {
        return !foldByDecomposition(name).isEmpty();
      }
      if (!FOLDED[c].isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The definition: compatibility decomposition (é becomes e and a combining accent), then ASCII
   * letters kept and lower-cased, a few letters spelled out, everything else dropped. Since every
   * character that survives is a starter, a name folds to the concatenation of its characters'
   * foldings, which is what the table relies on.
   */
  static String foldByDecomposition(String name) {
    String decomposed = isAscii(name) ? name : Normalizer.normalize(name, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (c >= 'a' && c <= 'z') {
        out.append(c);
      } else if (c >= 'A' && c <= 'Z') {
        out.append((char) (c - 'A' + 'a'));
      } else if (c > 0x7F) {
        out.append(spell(c));
      }
    }
    return out.toString();
  }

  private static boolean isAscii(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) > 0x7F) {
        return false;
      }
    }
    return true;
  }

  private static String spell(char c) {
    return switch (c) {
      case 'œ', 'Œ' -> "oe";
      case 'æ', 'Æ' -> "ae";
      case 'ß', 'ẞ' -> "ss";
      case 'ø', 'Ø' -> "o";
      case 'ł', 'Ł' -> "l";
      case 'đ', 'Đ', 'ð', 'Ð' -> "d";
      case 'þ', 'Þ' -> "th";
      case 'ı' -> "i";
      case 'ħ', 'Ħ' -> "h";
      default -> "";
    };
  }
}
