package fr.sesame.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SourceDigestTest {

  /** The definition stored digests were made with: SHA-256 of the fields joined by U+0000. */
  private static long joined(StaffRow row) throws Exception {
    String canonical =
        String.join(
            "\u0000",
            row.numen().value(),
            row.familyName(),
            row.firstName(),
            row.birthDate().toString(),
            row.category().name(),
            row.departement(),
            row.uai() == null ? "" : row.uai(),
            row.schoolName() == null ? "" : row.schoolName(),
            Integer.toString(row.mailQuotaMb()),
            row.language());
    byte[] sha =
        MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(sha).getLong();
  }

  private static StaffRow row(String family, String first, LocalDate born, String school) {
    return new StaffRow(
        Numen.parse("34E0712345ABC").orElseThrow(),
        family,
        first,
        born,
        Category.SECOND_DEGRE,
        "34",
        school == null ? null : "0340001A",
        school,
        2048,
        "fr");
  }

  @Test
  void isTheDigestOfTheJoinedFieldsReusedRowAfterRow() throws Exception {
    SourceDigest digest = new SourceDigest();
    StaffRow[] rows = {
      row("Dupont", "Pierre", LocalDate.of(1980, 3, 5), null),
      row("Nguyễn", "Thị Minh Khai", LocalDate.of(1999, 12, 31), "Lycée Joffre"),
      row("Müller", "Jürgen", LocalDate.of(1900, 1, 1), "École « Les Pins » 🌲"),
      row("Lone\uD800surrogate", "Low\uDC00first", LocalDate.of(2001, 7, 14), null),
      row("X".repeat(80), "Y".repeat(80), LocalDate.of(10_000, 1, 1), "Z".repeat(200)),
      row("Ba", "Éa", LocalDate.of(999, 2, 3), "王小明"),
    };
    for (StaffRow row : rows) {
      assertThat(digest.of(row)).as(row.familyName()).isEqualTo(joined(row));
      assertThat(row.sourceHash()).isEqualTo(joined(row));
    }
    assertThat(digest.of(rows[0])).isNotEqualTo(digest.of(rows[1]));
  }
}
