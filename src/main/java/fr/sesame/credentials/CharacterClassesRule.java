package fr.sesame.credentials;

import java.util.Optional;

/**
 * CNIL délibération 2022-100 (about 80 bits of entropy): at least 12 characters of the four classes
 * (lower case, upper case, digits, others), or 14 of three, or a passphrase of at least 7 words.
 */
final class CharacterClassesRule implements PasswordRule {

  private static final int PASSPHRASE_WORDS = 7;

  @Override
  public Optional<PolicyViolation> check(String password, PasswordContext context) {
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    boolean other = false;
    int length = 0;
    for (int i = 0; i < password.length(); ) {
      int c = password.codePointAt(i);
      i += Character.charCount(c);
      length++;
      if (Character.isLowerCase(c)) {
        lower = true;
      } else if (Character.isUpperCase(c)) {
        upper = true;
      } else if (Character.isDigit(c)) {
        digit = true;
      } else {
        other = true;
      }
    }
    int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    boolean strong =
        (length >= 12 && classes == 4) || (length >= 14 && classes >= 3) || isPassphrase(password);
    return strong ? Optional.empty() : Optional.of(PolicyViolation.of("password.too-simple"));
  }

  /** Seven words of at least two letters each, whatever separates them. */
  private static boolean isPassphrase(String password) {
    int words = 0;
    for (String word : password.split("[^\\p{L}]+")) {
      if (word.codePointCount(0, word.length()) >= 2) {
        words++;
      }
    }
    return words >= PASSPHRASE_WORDS;
  }
}
