package fr.sesame.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ImportReportTest {

  private static ImportReport report() {
    ImportReport report = new ImportReport();
    for (int line = 2; line < 2_000; line++) {
      report.rowRead();
      if (line % 100 == 0) {
        report.reject(line, "34E*******ABC", "date-naissance-invalide", "Date « invalide ».");
      } else {
        report.pending(line, Numen.parse(String.format("34E%07dABC", line)).orElseThrow());
        report.outcome(line, ImportReport.Outcome.CREATED);
      }
    }
    return report;
  }

  private static String csv(ImportReport report) throws IOException {
    try (GZIPInputStream in =
        new GZIPInputStream(new ByteArrayInputStream(report.toGzippedCsv()))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aSealedReportIsWrittenAheadAndTheSame() throws IOException {
    ImportReport sealed = report();
    sealed.seal();
    String expected = csv(report());
    assertThat(csv(sealed)).isEqualTo(expected).contains("2;34E*******ABC;créé;;");
    assertThat(expected.lines()).hasSize(1 + 1_998);
    assertThat(expected).contains("100;34E*******ABC;rejeté;date-naissance-invalide;");
  }

  @Test
  void isASpreadsheetCsvWithALinePerRowThenTheMissingPeople() throws IOException {
    ImportReport report = report();
    report.missing("11G*******XYZ", true);
    report.missing("11G*******XYW", false);
    java.util.List<String> lines = csv(report).lines().toList();
    assertThat(lines.get(0)).isEqualTo("\uFEFFligne;numen;resultat;code;motif");
    assertThat(lines.get(1)).isEqualTo("2;34E*******ABC;créé;;");
    assertThat(lines.get(99))
        .isEqualTo("100;34E*******ABC;rejeté;date-naissance-invalide;\"Date « invalide ».\"");
    assertThat(lines.subList(lines.size() - 2, lines.size()))
        .containsExactly(
            ";11G*******XYZ;départ (bloqué);depart-bloque;",
            ";11G*******XYW;absent (conservé);absent;");
  }

  @Test
  void aSealedReportRefusesChanges() {
    ImportReport sealed = report();
    sealed.seal();
    assertThatThrownBy(sealed::rowRead).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sealed.outcome(5, ImportReport.Outcome.UPDATED))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sealed.missing("34E*******ABC", false))
        .isInstanceOf(IllegalStateException.class);
  }
}
