package fr.sesame.recovery;

import fr.sesame.directory.Numen;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * NUMEN + birth date as typed, checked for shape only (never against the directory here): a
 * knowledge factor, not a secret, so every check of it is throttled per NUMEN, per address and
 * globally.
 */
record KnowledgeFactor(Numen numen, LocalDate birthDate) {

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter FRENCH =
      DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT);

  /**
   * @throws RecoveryRefused {@code invalid-numen} or {@code invalid-birth-date} (400), naming the
   *     field
   */
  static KnowledgeFactor parse(String numen, String birthDate, LocalDate today) {
    Numen parsed =
        Numen.parse(numen).orElseThrow(() -> RecoveryRefused.field("invalid-numen", "numen"));
    return new KnowledgeFactor(parsed, date(birthDate, today));
  }

  static LocalDate date(String raw, LocalDate today) {
    if (raw == null || raw.length() > 32) {
      throw RecoveryRefused.field("invalid-birth-date", "birthDate");
    }
    String typed = Normalizer.normalize(raw.strip(), Normalizer.Form.NFKC);
    LocalDate date;
    try {
      date = LocalDate.parse(typed, typed.contains("/") ? FRENCH : ISO);
    } catch (DateTimeParseException e) {
      throw RecoveryRefused.field("invalid-birth-date", "birthDate");
    }
    if (date.isBefore(LocalDate.of(1900, 1, 1)) || date.isAfter(today.minusYears(14))) {
      throw RecoveryRefused.field("invalid-birth-date", "birthDate");
    }
    return date;
  }
}
