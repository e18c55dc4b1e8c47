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

  public static String fold(String name) {
    if (name == null || name.isEmpty()) {
      return "";
    }
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
