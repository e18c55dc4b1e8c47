package fr.sesame.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumenTest {

  @Test
  void acceptsTheNationalShape() {
    assertThat(Numen.parse("11E0712345ABC")).map(Numen::value).contains("11E0712345ABC");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"11e0712345abc", "  11E0712345ABC ", "\t11e0712345Abc\t", "\u00A011E0712345ABC"})
  void normalisesCaseAndSurroundingBlanks(String raw) {
    assertThat(Numen.parse(raw)).map(Numen::value).contains("11E0712345ABC");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "11E0712345AB", // 12 characters
        "11E0712345ABCD", // 14 characters
        "1AE0712345ABC", // letter where a digit belongs
        "111071234ABCD", // digit where the system letter belongs
        "11E07123456BC", // digit among the final letters
        "11E0712345A1C",
        "11E07 2345ABC", // inner space
        "11E0712345\u0000BC", // control character
        "11E071234\nABC",
        "１１E0712345ABC", // full-width digits
        "11E０712345ABC",
        "11\u0415" + "0712345ABC", // Cyrillic Е looking like a Latin E
        "11E0712345\u0410BC", // Cyrillic А
        "11E0712345\u0391BC", // Greek Α
        "11É0712345ABC", // accented letter
        "11E0712345ABC\u200B", // zero-width space
        "11E0712345-BC",
        "11E0712345ABC'; DROP TABLE staff; --"
      })
  void refusesEverythingElse(String raw) {
    assertThat(Numen.parse(raw)).isEmpty();
  }

  @Test
  void refusesNull() {
    assertThat(Numen.parse(null)).isEmpty();
  }

  @Test
  void neverShowsTheWholeNumber() {
    Numen numen = Numen.parse("11E0712345ABC").orElseThrow();
    assertThat(numen.masked()).isEqualTo("11E*******ABC").doesNotContain("0712345");
    assertThat(numen.toString()).isEqualTo(numen.masked());
  }

  @Test
  void packsIntoALongAndBack() {
    for (String value :
        new String[] {"11E0712345ABC", "00A0000000AAA", "99Z9999999ZZZ", "07G2400001XYZ"}) {
      Numen numen = Numen.parse(value).orElseThrow();
      assertThat(NumenIndex.unpack(NumenIndex.pack(numen))).isEqualTo(value);
    }
  }

  @Test
  void indexFindsTheFirstLineOfADuplicate() {
    NumenIndex index = new NumenIndex();
    for (int i = 0; i < 20_000; i++) {
      Numen numen = Numen.parse(String.format("11E07%05dABC", i)).orElseThrow();
      assertThat(index.putIfAbsent(numen, i + 2)).isZero();
    }
    assertThat(index.putIfAbsent(Numen.parse("11E0700042ABC").orElseThrow(), 30_000)).isEqualTo(44);
  }

  @Test
  void packingRefusesWhatIsNotANumen() {
    for (String value :
        new String[] {"11E0712345AB", "11e0712345ABC", "1AE0712345ABC", "11E07123４5ABC"}) {
      assertThat(NumenIndex.pack(value)).isEqualTo(-1L);
    }
    NumenIndex index = NumenIndex.withDirectory(10);
    assertThat(index.putDirectory("11E 712345ABC", 1L)).isFalse();
  }

  @Test
  void directoryDigestsClassifyRowsAndTellWhoIsAbsent() {
    // Fewer expected than present: the table grows while it holds the directory.
    NumenIndex index = NumenIndex.withDirectory(100);
    for (int i = 0; i < 20_000; i++) {
      assertThat(index.putDirectory(String.format("11E07%05dABC", i), i * 7L)).isTrue();
    }
    for (int i = 0; i < 20_000; i += 2) {
      Numen numen = Numen.parse(String.format("11E07%05dABC", i)).orElseThrow();
      assertThat(index.putIfAbsent(numen, i + 2)).isZero();
      assertThat(index.compare(numen, i * 7L)).isEqualTo(ImportReport.Outcome.UNCHANGED);
      assertThat(index.compare(numen, i * 7L + 1)).isEqualTo(ImportReport.Outcome.UPDATED);
    }
    Numen newcomer = Numen.parse("34A0000001XYZ").orElseThrow();
    assertThat(index.putIfAbsent(newcomer, 30_000)).isZero();
    assertThat(index.compare(newcomer, 0L)).isEqualTo(ImportReport.Outcome.CREATED);
    assertThat(index.putIfAbsent(newcomer, 30_001)).isEqualTo(30_000);

    java.util.List<String> absent = new java.util.ArrayList<>();
    index.forEachAbsent(packed -> absent.add(NumenIndex.unpack(packed)));
    assertThat(absent)
        .hasSize(10_000)
        .contains("11E0700001ABC", "11E0719999ABC")
        .doesNotContain("11E0700000ABC", "34A0000001XYZ");
  }

  @Test
  void anIndexWithoutTheDirectoryTakesEveryRowForNew() {
    NumenIndex index = new NumenIndex();
    Numen numen = Numen.parse("11E0712345ABC").orElseThrow();
    index.putIfAbsent(numen, 2);
    assertThat(index.compare(numen, 0L)).isEqualTo(ImportReport.Outcome.CREATED);
    java.util.List<Long> absent = new java.util.ArrayList<>();
    index.forEachAbsent(absent::add);
    assertThat(absent).isEmpty();
  }
}
