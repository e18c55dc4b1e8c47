package fr.sesame.credentials;

import fr.sesame.directory.NameFolding;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses a password built on what an attacker knows or guesses first about the person: their
 * NUMEN, their birth date in any usual format, their login or address, their names, and the
 * académie's own words ("academie", its name, its mail domain). Letters are compared folded
 * (accents, case and separators ignored: {@code Gir@rd} is not caught, {@code G-i-r-a-r-d} is) and
 * dates digit by digit, so 05/11/1985, 1985-11-05, 5.11.85 and 05111985 are all the same date.
 */
final class ContextWordsRule implements PasswordRule {

  private static final int SHORTEST_WORD = 3;
  private static final List<String> DATE_PATTERNS =
      List.of("ddMMyyyy", "yyyyMMdd", "ddMMyy", "yyMMdd", "MMddyyyy", "dMyyyy", "dMyy");
  private static final List<String> MONTHS_FR =
      List.of(
          "janvier",
          "fevrier",
          "mars",
          "avril",
          "mai",
          "juin",
          "juillet",
          "aout",
          "septembre",
          "octobre",
          "novembre",
          "decembre");

  private final List<String> academieWords;

  ContextWordsRule(String academieName, String mailDomain) {
    List<String> words = new ArrayList<>(List.of("academie", "academy", "rectorat"));
    words.addAll(parts(academieName));
    words.add(NameFolding.fold(mailDomain));
    words.addAll(parts(mailDomain.replaceFirst("\\.[a-z]+$", "")));
    words.removeIf(word -> word.length() < SHORTEST_WORD || "de".equals(word) || "ac".equals(word));
    this.academieWords = List.copyOf(words);
  }

  @Override
  public Optional<PolicyViolation> check(String password, PasswordContext context) {
    String letters = NameFolding.fold(password);
    String alphanumerics = alphanumerics(password);
    String digits = password.replaceAll("[^0-9]", "");
    if (context.numen() != null) {
      String numen = context.numen().toLowerCase(Locale.ROOT);
      if (alphanumerics.contains(numen) || digits.contains(numen.replaceAll("[^0-9]", ""))) {
        return violation("password.contains-numen");
      }
    }
    if (context.birthDate() != null && containsDate(digits, alphanumerics, context.birthDate())) {
      return violation("password.contains-birth-date");
    }
    if (containsAny(letters, parts(context.login()))
        || containsAny(letters, parts(localPart(context.address())))) {
      return violation("password.contains-login");
    }
    List<String> names = new ArrayList<>(parts(context.familyName()));
    names.addAll(parts(context.firstName()));
    if (containsAny(letters, names)) {
      return violation("password.contains-name");
    }
    if (containsAny(letters, academieWords)) {
      return violation("password.contains-academie");
    }
    return Optional.empty();
  }

  private static boolean containsDate(String digits, String alphanumerics, LocalDate date) {
    for (String pattern : DATE_PATTERNS) {
      if (digits.contains(DateTimeFormatter.ofPattern(pattern, Locale.ROOT).format(date))) {
        return true;
      }
    }
    // "5 novembre 1985", "05nov85"… spelled in French or English.
    String french = MONTHS_FR.get(date.getMonthValue() - 1);
    String english =
        date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
    List<String> days =
        List.of(String.valueOf(date.getDayOfMonth()), twoDigits(date.getDayOfMonth()));
    List<String> years = List.of(String.valueOf(date.getYear()), twoDigits(date.getYear() % 100));
    for (String month : List.of(french, english, french.substring(0, 3), english.substring(0, 3))) {
      for (String day : days) {
        for (String year : years) {
          if (alphanumerics.contains(day + month + year)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String twoDigits(int value) {
    return String.format(Locale.ROOT, "%02d", value);
  }

  private static boolean containsAny(String letters, List<String> words) {
    return words.stream()
        .anyMatch(word -> word.length() >= SHORTEST_WORD && letters.contains(word));
  }

  /** A name and each of its parts, folded: "Le Goff-Martin" gives legoffmartin, goff, martin. */
  private static List<String> parts(String name) {
    if (name == null || name.isBlank()) {
      return List.of();
    }
    List<String> parts = new ArrayList<>();
    parts.add(NameFolding.fold(name));
    for (String part : name.split("[\\s'’\\-.]+")) {
      parts.add(NameFolding.fold(part));
    }
    parts.removeIf(part -> part.length() < SHORTEST_WORD);
    return parts;
  }

  private static String localPart(String address) {
    if (address == null) {
      return null;
    }
    int at = address.indexOf('@');
    return at < 0 ? address : address.substring(0, at);
  }

  private static String alphanumerics(String password) {
    String folded = Normalizer.normalize(password, Normalizer.Form.NFKD);
    return folded.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static Optional<PolicyViolation> violation(String code) {
    return Optional.of(PolicyViolation.of(code));
  }
}
