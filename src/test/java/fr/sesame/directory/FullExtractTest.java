package fr.sesame.directory;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full extract speaks for the whole directory, so these tests run on a database of their own and
 * start each from an empty directory.
 */
@QuarkusTest
@TestProfile(FullExtractTest.OwnDatabase.class)
class FullExtractTest {

  public static class OwnDatabase implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sesame.embedded-postgres.database", "full_extract",
          // Every import of these tests fills an empty directory: the bulk-load path.
          "sesame.import.bulk-load-min-rows", "5");
    }
  }

  @Inject DataSource dataSource;
  @Inject fr.sesame.support.TestClock clock;
  @Inject ImportService imports;
  @Inject DirectoryService directory;
  @Inject com.fasterxml.jackson.databind.ObjectMapper json;

  @BeforeEach
  void emptyDirectory() throws SQLException {
    execute("DELETE FROM account_state_change");
    execute("DELETE FROM credential");
    execute("DELETE FROM staff");
  }

  @Test
  void reportsMissingPeopleAndKeepsThemByDefault() throws SQLException {
    String[] numens = fill(10);
    JsonPath result = upload(extract(numens, 1, 10), "?mode=full");
    assertThat((Integer) result.get("missing")).isEqualTo(1);
    assertThat((Integer) result.get("departed")).isZero();
    assertThat(scalar("SELECT state FROM staff WHERE numen = '" + numens[0] + "'"))
        .isEqualTo("PENDING");
    String report = report(result);
    assertThat(report)
        .contains(
            ";"
                + numens[0].substring(0, 3)
                + "*******"
                + numens[0].substring(10)
                + ";absent (conservé);absent;");
  }

  @Test
  void blocksDeparturesOnRequestAndRecordsWhy() throws SQLException {
    String[] numens = fill(20);
    JsonPath result = upload(extract(numens, 1, 20), "?mode=full&departures=block");
    assertThat((Integer) result.get("departed")).isEqualTo(1);
    assertThat(
            scalar(
                "SELECT state || ' ' || block_reason FROM staff WHERE numen = '" + numens[0] + "'"))
        .isEqualTo("BLOCKED DEPARTURE");
    assertThat(
            scalar(
                "SELECT from_state || '>' || to_state || ' ' || reason || ' ' || actor"
                    + " FROM account_state_change c JOIN staff s ON s.id = c.staff_id"
                    + " WHERE s.numen = '"
                    + numens[0]
                    + "'"))
        .isEqualTo("PENDING>BLOCKED DEPARTURE import:" + result.get("id"));
    assertThat(scalar("SELECT count(*) FROM staff WHERE state = 'BLOCKED'")).isEqualTo("1");
  }

  @Test
  void aRowRefusedForAnotherFieldIsNotADeparture() throws SQLException {
    String[] numens = fill(3);
    String file =
        ImportTest.HEADER
            + ImportTest.row(numens[0], "Durand", "Ana", ";")
            + ImportTest.row(numens[1], "Durand", "Léo", ";")
            + numens[2]
            + ";Durand;Eva;31/02/1980;1D;34;;\n";
    JsonPath result = upload(file, "?mode=full&departures=block");
    assertThat((Integer) result.get("rejected")).isEqualTo(1);
    assertThat((Integer) result.get("missing")).isZero();
    assertThat(scalar("SELECT count(*) FROM staff WHERE state = 'BLOCKED'")).isEqualTo("0");
  }

  @Test
  void refusesATruncatedExtractThatWouldBlockTooManyAndChangesNothing() throws SQLException {
    String[] numens = fill(10);
    String newcomer = TestData.numen();
    String file = extract(numens, 5, 10) + ImportTest.row(newcomer, "Nouveau", "Nina", ";");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> upload(file, "?mode=full&departures=block"))
        .isInstanceOfSatisfying(
            fr.sesame.platform.ProblemException.class,
            e -> assertThat(e.problem().code()).isEqualTo("import-too-many-departures"));
    assertThat(scalar("SELECT count(*) FROM staff WHERE state = 'BLOCKED'")).isEqualTo("0");
    assertThat(scalar("SELECT count(*) FROM staff WHERE numen = '" + newcomer + "'"))
        .isEqualTo("0");
    assertThat(scalar("SELECT count(*) FROM staff")).isEqualTo("10");
  }

  @Test
  void aBulkLoadRebuildsEveryIndexAndConstraint() throws SQLException {
    String indexes =
        "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'staff'";
    String oids =
        "SELECT string_agg(indexrelid::text, ',' ORDER BY indexrelid) FROM pg_index"
            + " WHERE indrelid = 'staff'::regclass AND NOT indisprimary";
    fill(3);
    String before = scalar(indexes);
    String oidsBefore = scalar(oids);
    fill(12); // at least doubles the directory: the bulk-load rebuild
    assertThat(scalar(indexes)).isEqualTo(before).contains("staff_login_key", "staff_sort_key_idx");
    assertThat(scalar(oids)).as("the indexes were rebuilt").isNotEqualTo(oidsBefore);
    assertThat(
            scalar(
                "SELECT count(*) FROM pg_constraint WHERE conrelid = 'staff'::regclass AND contype = 'u'"))
        .isEqualTo("3");
    assertThat(
            scalar("SELECT count(*) FROM pg_constraint WHERE conname = 'identifier_sequence_pk'"))
        .as("the homonym counters' key, dropped during the load, is back")
        .isEqualTo("1");
    String login = scalar("SELECT login FROM staff LIMIT 1");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                execute("UPDATE staff SET login = '" + login + "' WHERE login <> '" + login + "'"))
        .hasMessageContaining("staff_login_key");
  }

  @Test
  void theChecksABulkLoadSuspendsComeBackEnforced() throws SQLException {
    String checks =
        "SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint"
            + " WHERE conrelid = 'staff'::regclass AND contype = 'c' AND NOT convalidated";
    String suspended =
        "staff_category_known,staff_family_name_not_blank,staff_first_name_not_blank,"
            + "staff_language_known,staff_login_format,staff_mail_quota_positive,"
            + "staff_numen_format,staff_state_known";
    fill(3); // into an empty directory
    assertThat(scalar(checks))
        .as("back, NOT VALID: the import checked the rows it wrote")
        .isEqualTo(suspended);
    fill(12); // a bulk load into a directory that is not empty
    assertThat(scalar(checks)).isEqualTo(suspended);
    String id = scalar("SELECT id FROM staff LIMIT 1");
    for (String[] broken :
        new String[][] {
          {"login = 'jean-dupont'", "staff_login_format"},
          {"numen = '1234567890ABC'", "staff_numen_format"},
          {"family_name = ' '", "staff_family_name_not_blank"},
          {"category = 'INCONNUE'", "staff_category_known"},
          {"state = 'ASLEEP'", "staff_state_known"},
          {"mail_quota_mb = 0", "staff_mail_quota_positive"}
        }) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> execute("UPDATE staff SET " + broken[0] + " WHERE id = '" + id + "'"))
          .as(broken[0])
          .hasMessageContaining(broken[1]);
    }
  }

  @Test
  void homonymNumbersContinueAcrossImportsAndCreationsAndAreNeverReused() throws SQLException {
    String family = TestData.surname("Homonyme");
    String login = "j" + NameFolding.fold(family);
    StringBuilder file = new StringBuilder(ImportTest.HEADER);
    for (int i = 0; i < 3; i++) {
      file.append(ImportTest.row(TestData.numen(), family, "Jean", ";"));
    }
    upload(file.toString(), "");
    assertThat(scalar("SELECT string_agg(login, ',' ORDER BY login) FROM staff"))
        .isEqualTo(login + "," + login + "2," + login + "3");
    assertThat(createdJean(family)).isEqualTo(login + "4");
    emptyDirectory();
    upload(file.toString(), "");
    assertThat(scalar("SELECT string_agg(login, ',' ORDER BY login) FROM staff"))
        .as("identifiers of people gone are never handed out again")
        .isEqualTo(login + "5," + login + "6," + login + "7");
    assertThat(createdJean(family))
        .as("the first load wrote back the counter it moved on")
        .isEqualTo(login + "8");
  }

  /** The login handed out to a Jean of this family created through the directory. */
  private String createdJean(String family) {
    return directory
        .create(
            new NewStaff(
                TestData.numen(), family, "Jean", "1970-01-01", "1D", "34", null, null, null, null))
        .login();
  }

  @Test
  void aFirstLoadIntoAnEmptyDirectoryRejectsOnlyTheBadRows() throws SQLException {
    String good = TestData.numen();
    String file =
        ImportTest.HEADER
            + ImportTest.row(good, "Premier", "Ana", "0110001A;École de l'Aude") // line 2
            + ImportTest.row(good, "Premier", "Bis", ";") // line 3: duplicate
            + TestData.numen()
            + ";Premier;Eve;31/02/1980;1D;34;;\n" // line 4: date
            + ImportTest.row("bad", "Premier", "Léo", ";") // line 5: NUMEN
            + ImportTest.row(TestData.numen(), "Premier", "Zoé", ";"); // line 6
    JsonPath result = upload(file, "?mode=full&departures=block");
    assertThat((Integer) result.get("created")).isEqualTo(2);
    assertThat(result.<java.util.List<Integer>>get("rejectedRows.line")).containsExactly(3, 4, 5);
    assertThat((Integer) result.get("missing")).isZero();
    assertThat(scalar("SELECT count(*) FROM staff")).isEqualTo("2");
    assertThat(scalar("SELECT name FROM school WHERE uai = '0110001A'"))
        .isEqualTo("École de l'Aude");
    assertThat(report(result).lines().toList()).hasSize(6);
  }

  @Test
  void aBulkLoadStampsPeopleWithTheImportsClockAndLeavesNoDefault() throws SQLException {
    // The import's clock, three days ahead of the database's: a default of now() would show.
    clock.advance(java.time.Duration.ofDays(3));
    try {
      fill(6);
    } finally {
      clock.reset();
    }
    assertThat(
            scalar(
                "SELECT bool_and(created_at = updated_at"
                    + " AND created_at > now() + interval '2 days') FROM staff"))
        .isEqualTo("t");
    assertThat(
            scalar(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'staff'"
                    + " AND column_default IS NOT NULL"))
        .as("the load's column defaults are gone")
        .isEqualTo("0");
  }

  private String[] fill(int count) {
    String[] numens = new String[count];
    for (int i = 0; i < count; i++) {
      numens[i] = TestData.numen();
    }
    JsonPath result = upload(extract(numens, 0, count), "");
    assertThat((Integer) result.get("created")).isEqualTo(count);
    return numens;
  }

  private static String extract(String[] numens, int from, int to) {
    StringBuilder file = new StringBuilder(ImportTest.HEADER);
    for (int i = from; i < to; i++) {
      file.append(ImportTest.row(numens[i], "Famille" + (char) ('a' + i), "Prénom", ";"));
    }
    return file.toString();
  }

  /**
   * Imports through the service: the administration API would need an administrator, a person of
   * the directory these tests count and empty (AdminMatrixTest covers the protected endpoint).
   */
  private JsonPath upload(String csv, String query) {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("full-extract-", ".csv");
      try {
        java.nio.file.Files.writeString(file, csv);
        ImportSummary summary =
            imports.importFile(
                file,
                new ImportService.Request(
                    null, query.contains("mode=full"), query.contains("departures=block")),
                (phase, rows) -> {});
        return new JsonPath(json.writeValueAsString(summary));
      } finally {
        java.nio.file.Files.deleteIfExists(file);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String report(JsonPath result) {
    try (java.io.InputStream in =
        imports.report(java.util.UUID.fromString(result.getString("id"))).orElseThrow()) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private String scalar(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
