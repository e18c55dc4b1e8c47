package fr.sesame.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StaffRulesTest {

  private final StaffRules rules =
      new StaffRules(Set.of("11", "30", "34", "48", "66", "2A"), LocalDate.of(2026, 9, 1));

  private StaffRow valid(String birthDate, String category, String departement) {
    return rules.validate(
        StaffRules.numen("34E0712345ABC"),
        "Dupont",
        "Pierre",
        birthDate,
        category,
        departement,
        null,
        null,
        null,
        null);
  }

  @Test
  void textBeforeTheCombiningMarksIsAlreadyNfc() {
    // Every pair, since composition is what could make a sequence of such characters change.
    for (char a = 0; a < 0x300; a++) {
      for (char b = 0; b < 0x300; b++) {
        String pair = new String(new char[] {a, b});
        if (!java.text.Normalizer.isNormalized(pair, java.text.Normalizer.Form.NFC)) {
          throw new AssertionError(String.format("U+%04X U+%04X is not NFC", (int) a, (int) b));
        }
      }
    }
    assertThat(StaffRules.belowCombiningMarks("Müller")).isTrue();
    assertThat(StaffRules.belowCombiningMarks("Mu\u0308ller")).isFalse();
  }

  @Test
  void normalisesAValidRow() {
    StaffRow row =
        rules.validate(
            StaffRules.numen(" 34e0712345abc "),
            "  Le   Gall ",
            "Yann",
            "05/03/1980",
            "2D",
            "034",
            "0340001a",
            "Lycée Joffre",
            "250",
            "EN");
    assertThat(row.numen().value()).isEqualTo("34E0712345ABC");
    assertThat(row.familyName()).isEqualTo("Le Gall");
    assertThat(row.birthDate()).isEqualTo(LocalDate.of(1980, 3, 5));
    assertThat(row.category()).isEqualTo(Category.SECOND_DEGRE);
    assertThat(row.departement()).isEqualTo("34");
    assertThat(row.uai()).isEqualTo("0340001A");
    assertThat(row.mailQuotaMb()).isEqualTo(250);
    assertThat(row.language()).isEqualTo("en");
  }

  @Test
  void appliesDefaults() {
    StaffRow row = valid("1980-03-05", "premier degré", "34");
    assertThat(row.mailQuotaMb()).isEqualTo(100);
    assertThat(row.language()).isEqualTo("fr");
    assertThat(row.category()).isEqualTo(Category.PREMIER_DEGRE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "31/02/1980",
        "29/02/1981",
        "00/01/1980",
        "1980-13-01",
        "5-3-1980",
        "05/03/80",
        "１９８０-03-05",
        "31/12/1899",
        "01/01/2020",
        "demain",
        "05/03/1980x"
      })
  void refusesImpossibleOrImplausibleBirthDates(String date) {
    assertThatThrownBy(() -> valid(date, "1D", "34"))
        .isInstanceOfSatisfying(
            RowRejected.class, e -> assertThat(e.code()).startsWith("date-naissance"));
  }

  @Test
  void acceptsALeapDay() {
    assertThat(valid("29/02/1980", "1D", "34").birthDate()).isEqualTo(LocalDate.of(1980, 2, 29));
  }

  @ParameterizedTest
  @CsvSource({"99,departement-inconnu", "3,departement-inconnu", "2B,departement-inconnu"})
  void refusesDepartementsOutsideTheAcademie(String departement, String code) {
    assertThatThrownBy(() -> valid("05/03/1980", "1D", departement))
        .isInstanceOfSatisfying(RowRejected.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void refusesUnknownCategories() {
    assertThatThrownBy(() -> valid("05/03/1980", "stagiaire", "34"))
        .isInstanceOfSatisfying(
            RowRejected.class, e -> assertThat(e.code()).isEqualTo("categorie-inconnue"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Du\u0000pont",
        "Du\npont",
        "Du\u202Epont",
        "王",
        "  ",
        "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
      })
  void refusesUnusableNames(String family) {
    assertThatThrownBy(
            () ->
                rules.validate(
                    StaffRules.numen("34E0712345ABC"),
                    family,
                    "Pierre",
                    "05/03/1980",
                    "1D",
                    "34",
                    null,
                    null,
                    null,
                    null))
        .isInstanceOfSatisfying(RowRejected.class, e -> assertThat(e.field()).isEqualTo("nom"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "1e3", "１００", "102401", "beaucoup"})
  void refusesBadQuotas(String quota) {
    assertThatThrownBy(
            () ->
                rules.validate(
                    StaffRules.numen("34E0712345ABC"),
                    "Dupont",
                    "Pierre",
                    "05/03/1980",
                    "1D",
                    "34",
                    null,
                    null,
                    quota,
                    null))
        .isInstanceOfSatisfying(
            RowRejected.class, e -> assertThat(e.code()).isEqualTo("quota-invalide"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"034000A", "03400011A", "O340001A", "0340001-"})
  void refusesMalformedUai(String uai) {
    assertThatThrownBy(
            () ->
                rules.validate(
                    StaffRules.numen("34E0712345ABC"),
                    "Dupont",
                    "Pierre",
                    "05/03/1980",
                    "1D",
                    "34",
                    uai,
                    null,
                    null,
                    null))
        .isInstanceOfSatisfying(
            RowRejected.class, e -> assertThat(e.code()).isEqualTo("uai-invalide"));
  }

  @Test
  void digestChangesWithAnyHrField() {
    StaffRow row = valid("05/03/1980", "1D", "34");
    StaffRow moved = valid("05/03/1980", "1D", "30");
    assertThat(row.sourceHash()).isEqualTo(valid("05/03/1980", "1D", "34").sourceHash());
    assertThat(row.sourceHash()).isNotEqualTo(moved.sourceHash());
  }
}
