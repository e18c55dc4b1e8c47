package fr.sesame.directory;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the raw fields of an HR row or of a create request into a {@link StaffRow}, or refuses them
 * with the field, a stable code and a reason. The same rules serve the import and the API.
 */
final class StaffRules {

  static final int NAME_MAX = 80;
  static final int SCHOOL_NAME_MAX = 200;
  static final int QUOTA_MAX_MB = 102_400;
  static final int DEFAULT_QUOTA_MB = 100;

  private static final Pattern ASCII_DIGITS = Pattern.compile("^[0-9]{1,6}$");
  private static final DateTimeFormatter FRENCH_DATE =
      DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter ISO_DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

  private final Set<String> departements;
  private final LocalDate today;
  // HR extracts repeat a handful of category and département spellings a million times.
  private final Map<String, Optional<Category>> categories = new HashMap<>();
  private final Map<String, Optional<String>> departementCodes = new HashMap<>();

  StaffRules(Set<String> departements, LocalDate today) {
    this.departements = departements;
    this.today = today;
  }

  static Numen numen(String raw) {
    return Numen.parse(raw)
        .orElseThrow(
            () ->
                new RowRejected(
                    "numen",
                    "numen-invalide",
                    "NUMEN invalide : 13 caractères attendus (2 chiffres, 1 lettre,"
                        + " 7 chiffres, 3 lettres)."));
  }

  /** Validates the other fields of a row whose NUMEN {@link #numen} parsed. */
  StaffRow validate(
      Numen parsedNumen,
      String familyName,
      String firstName,
      String birthDate,
      String category,
      String departement,
      String uai,
      String schoolName,
      String quota,
      String language) {
    String family = name("nom", familyName);
    String first = name("prenom", firstName);
    LocalDate born = birthDate(birthDate);
    Category parsedCategory =
        categories
            .computeIfAbsent(category == null ? "" : category, Category::parse)
            .orElseThrow(
                () ->
                    new RowRejected(
                        "categorie",
                        "categorie-inconnue",
                        "Catégorie inconnue : PREMIER_DEGRE (1D), SECOND_DEGRE (2D), PRIVE,"
                            + " ATSS ou AUTRE."));
    String departementCode =
        departementCodes
            .computeIfAbsent(
                departement == null ? "" : departement,
                raw -> Departements.normalise(raw).filter(departements::contains))
            .orElseThrow(
                () ->
                    new RowRejected(
                        "departement",
                        "departement-inconnu",
                        "Département inconnu de l'académie."));
    String school = blankToNull(uai);
    if (school != null) {
      school = school.toUpperCase(Locale.ROOT);
      if (!isUai(school)) {
        throw new RowRejected(
            "uai", "uai-invalide", "UAI invalide : 7 chiffres et une lettre (0340001A).");
      }
    }
    String label = blankToNull(schoolName);
    if (label != null) {
      label = text("etablissement", label, SCHOOL_NAME_MAX);
    }
    return new StaffRow(
        parsedNumen,
        family,
        first,
        born,
        parsedCategory,
        departementCode,
        school,
        school == null ? null : label,
        quota(quota),
        language(language));
  }

  /** Seven ASCII digits and an upper-case letter, without a regular expression per row. */
  private static boolean isUai(String value) {
    if (value.length() != 8 || value.charAt(7) < 'A' || value.charAt(7) > 'Z') {
      return false;
    }
    for (int i = 0; i < 7; i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String name(String field, String raw) {
    String value = blankToNull(raw);
    if (value == null) {
      throw new RowRejected(field, field + "-manquant", "Champ « " + field + " » manquant.");
    }
    value = text(field, value, NAME_MAX);
    if (!NameFolding.hasLetter(value)) {
      throw new RowRejected(
          field,
          field + "-invalide",
          "Le champ « " + field + " » ne contient aucune lettre de l'alphabet latin.");
    }
    return value;
  }

  /** NFC, inner blanks collapsed to one space, and no control or invisible formatting character. */
  private static String text(String field, String raw, int max) {
    String value = raw.strip();
    if (!belowCombiningMarks(value) && !Normalizer.isNormalized(value, Normalizer.Form.NFC)) {
      value = Normalizer.normalize(value, Normalizer.Form.NFC);
    }
    boolean collapse = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7F) {
        collapse |= c == ' ' && i > 0 && value.charAt(i - 1) == ' ';
        continue;
      }
      int type = Character.getType(c);
      if (c == '\t') {
        collapse = true;
      } else if (type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        throw new RowRejected(
            field,
            field + "-invalide",
            "Le champ « " + field + " » contient un caractère de contrôle.");
      } else if (Character.isSpaceChar(c)) {
        collapse = true;
      }
    }
    if (collapse) {
      value = value.replaceAll("[\\s\\p{Zs}]+", " ");
    }
    if (value.length() > max) {
      throw new RowRejected(
          field,
          field + "-trop-long",
          "Le champ « " + field + " » dépasse " + max + " caractères.");
    }
    return value;
  }

  /**
   * Text made only of characters before the combining marks (U+0300) is already in NFC: none of
   * them composes with its neighbour or has another canonical form. Nearly every HR name is such
   * text, and checking it this way costs nothing.
   */
  static boolean belowCombiningMarks(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= 0x300) {
        return false;
      }
    }
    return true;
  }

  private LocalDate birthDate(String raw) {
    String value = blankToNull(raw);
    if (value == null) {
      throw new RowRejected(
          "date_naissance", "date-naissance-manquante", "Date de naissance manquante.");
    }
    LocalDate date;
    try {
      date = fastFrenchDate(value);
      if (date == null) {
        date =
            value.indexOf('/') > 0
                ? LocalDate.parse(value, FRENCH_DATE)
                : LocalDate.parse(value, ISO_DATE);
      }
    } catch (DateTimeException e) {
      throw new RowRejected(
          "date_naissance",
          "date-naissance-invalide",
          "Date de naissance invalide : JJ/MM/AAAA ou AAAA-MM-JJ, et une date qui existe.");
    }
    if (date.isBefore(LocalDate.of(1900, 1, 1)) || date.isAfter(today.minusYears(14))) {
      throw new RowRejected(
          "date_naissance",
          "date-naissance-improbable",
          "Date de naissance hors des bornes plausibles pour un personnel.");
    }
    return date;
  }

  /** JJ/MM/AAAA in ASCII digits, the shape of nearly every row, without a formatter. */
  private static LocalDate fastFrenchDate(String value) {
    if (value.length() != 10 || value.charAt(2) != '/' || value.charAt(5) != '/') {
      return null;
    }
    for (int i : new int[] {0, 1, 3, 4, 6, 7, 8, 9}) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    int day = (value.charAt(0) - '0') * 10 + value.charAt(1) - '0';
    int month = (value.charAt(3) - '0') * 10 + value.charAt(4) - '0';
    int year = Integer.parseInt(value, 6, 10, 10);
    return LocalDate.of(year, month, day);
  }

  private static int quota(String raw) {
    String value = blankToNull(raw);
    if (value == null) {
      return DEFAULT_QUOTA_MB;
    }
    if (!ASCII_DIGITS.matcher(value).matches()) {
      throw new RowRejected(
          "quota_mo", "quota-invalide", "Quota invalide : un nombre entier de Mo.");
    }
    int quota = Integer.parseInt(value);
    if (quota < 1 || quota > QUOTA_MAX_MB) {
      throw new RowRejected(
          "quota_mo", "quota-invalide", "Quota invalide : entre 1 et " + QUOTA_MAX_MB + " Mo.");
    }
    return quota;
  }

  private static String language(String raw) {
    String value = blankToNull(raw);
    if (value == null) {
      return "fr";
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "fr", "fra", "fre", "francais", "français" -> "fr";
      case "en", "eng", "anglais", "english" -> "en";
      default -> throw new RowRejected("langue", "langue-invalide", "Langue invalide : fr ou en.");
    };
  }

  private static String blankToNull(String raw) {
    if (raw == null) {
      return null;
    }
    String value = raw.strip();
    return value.isEmpty() ? null : value;
  }
}
