package fr.sesame.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import fr.sesame.support.Management;
import fr.sesame.support.TestData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ImportTest {

  static final String HEADER =
      "numen;nom;prenom;date_naissance;categorie;departement;uai;etablissement\n";

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Inject DataSource dataSource;

  @Test
  void createsPendingAccountsWithHomonymNumbersInFileOrder() throws SQLException {
    String family = TestData.surname("Dupont");
    String pierre1 = TestData.numen();
    String pierre2 = TestData.numen();
    String paul = TestData.numen();
    ExtractableResponse<Response> result =
        upload(
            HEADER
                + row(pierre1, family, "Pierre", "0340023B;Collège Jean Moulin")
                + row(pierre2, family, "Pierre", "0340023B;Collège Jean Moulin")
                + row(paul, family, "Paul", ";"),
            "");
    assertThat(result.statusCode()).isEqualTo(201);
    assertThat((Integer) result.path("created")).isEqualTo(3);
    assertThat((String) result.path("status")).isEqualTo("SUCCEEDED");

    String login = NameFolding.fold(family);
    assertThat(account(pierre1))
        .containsEntry("login", "p" + login)
        .containsEntry("address", "pierre." + login + "@ac-montpellier.fr")
        .containsEntry("state", "PENDING")
        .containsEntry("uai", "0340023B");
    assertThat(account(pierre2))
        .containsEntry("login", "p" + login + "2")
        .containsEntry("address", "pierre." + login + "2@ac-montpellier.fr");
    assertThat(account(paul))
        .containsEntry("login", "p" + login + "3")
        .containsEntry("address", "paul." + login + "@ac-montpellier.fr");
    assertThat(scalar("SELECT name FROM school WHERE uai = '0340023B'"))
        .isEqualTo("Collège Jean Moulin");
  }

  @Test
  void unchangedReimportWritesNothing() throws SQLException {
    String file =
        HEADER
            + row(TestData.numen(), TestData.surname("Martin"), "Anne", ";")
            + row(TestData.numen(), TestData.surname("Bernard"), "Luc", ";");
    upload(file, "");
    String before = scalar("SELECT max(updated_at)::text FROM staff");
    ExtractableResponse<Response> again = upload(file, "");
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat((Integer) again.path("created")).isZero();
    assertThat((Integer) again.path("updated")).isZero();
    assertThat((Integer) again.path("unchanged")).isEqualTo(2);
    assertThat(scalar("SELECT max(updated_at)::text FROM staff")).isEqualTo(before);
  }

  @Test
  void updatesChangedPeopleButNeverRenamesTheirLogin() throws SQLException {
    String numen = TestData.numen();
    String family = TestData.surname("Petit");
    upload(HEADER + row(numen, family, "Claire", ";"), "");
    String login = account(numen).get("login");
    ExtractableResponse<Response> result =
        upload(HEADER + row(numen, family + "-Durand", "Claire", "0300001X;École du Gard"), "");
    assertThat((Integer) result.path("updated")).isEqualTo(1);
    Map<String, String> after = account(numen);
    assertThat(after).containsEntry("login", login).containsEntry("uai", "0300001X");
    assertThat(after.get("family_name")).isEqualTo(family + "-Durand");
  }

  @Test
  void aBadRowRejectsOnlyItselfWithItsLineAndReason() throws SQLException {
    String good1 = TestData.numen();
    String good2 = TestData.numen();
    String family = TestData.surname("Roux");
    String file =
        HEADER
            + row(good1, family, "Ana", ";") // line 2
            + row("34E12", family, "Bad", ";") // line 3: NUMEN
            + TestData.numen()
            + ";"
            + family
            + ";Eve;31/02/1980;1D;34;;\n" // line 4: date
            + TestData.numen()
            + ";"
            + family
            + ";Iris;01/01/1980;1D;75;;\n" // line 5: département
            + good1
            + ";"
            + family
            + ";Dup;01/01/1980;1D;34;;\n" // line 6: duplicate NUMEN
            + TestData.numen()
            + ";"
            + family
            + ";Short\n" // line 7: columns
            + row(good2, family, "Zoé", ";"); // line 8
    long staffBefore = count("staff");
    ExtractableResponse<Response> result = upload(file, "");
    assertThat(result.statusCode()).isEqualTo(201);
    assertThat((Integer) result.path("created")).isEqualTo(2);
    assertThat((Integer) result.path("rejected")).isEqualTo(5);
    assertThat(result.<List<Integer>>path("rejectedRows.line")).containsExactly(3, 4, 5, 6, 7);
    assertThat(result.<List<String>>path("rejectedRows.code"))
        .containsExactly(
            "numen-invalide",
            "date-naissance-invalide",
            "departement-inconnu",
            "numen-en-double",
            "colonnes");
    assertThat(result.<String>path("rejectedRows[3].reason")).contains("ligne 2");
    assertThat(count("staff")).isEqualTo(staffBefore + 2);
    assertThat(account(good2)).containsEntry("first_name", "Zoé");
    Management.asAdmin(management)
        .get("/api/v1/admin/imports/" + result.path("id"))
        .then()
        .statusCode(200)
        .body("rejectedRows.line", org.hamcrest.Matchers.contains(3, 4, 5, 6, 7));

    String report =
        Management.asAdmin(management)
            .get("/api/v1/admin/imports/" + result.path("id") + "/report")
            .then()
            .statusCode(200)
            .contentType("text/csv; charset=UTF-8")
            .extract()
            .asString();
    List<String> lines = report.lines().toList();
    assertThat(lines.get(0)).isEqualTo("\uFEFFligne;numen;resultat;code;motif");
    assertThat(lines).hasSize(8);
    assertThat(lines.get(1)).startsWith("2;34E*******").contains(";créé;");
    assertThat(lines.get(2)).startsWith("3;;rejeté;numen-invalide;");
    assertThat(lines.get(5)).startsWith("6;34E*******").contains("numen-en-double");
    assertThat(report).doesNotContain(good1).doesNotContain(good2);
  }

  @Test
  void aFileThatIsNotCsvChangesNothingAndSaysWhy() throws SQLException {
    long staffBefore = count("staff");
    byte[] png = {
      (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
    };
    Management.asAdmin(management)
        .contentType("application/octet-stream")
        .body(png)
        .post("/api/v1/admin/imports")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("code", equalTo("import-not-csv"))
        .body("detail", org.hamcrest.Matchers.containsString("CSV"));
    assertThat(count("staff")).isEqualTo(staffBefore);
    assertThat(
            scalar(
                "SELECT status || ' ' || failure_code FROM import_job ORDER BY started_at DESC LIMIT 1"))
        .isEqualTo("FAILED import-not-csv");
  }

  @Test
  void takesTheExtractAsAMultipartFile() throws Exception {
    String numen = TestData.numen();
    String family = TestData.surname("Fabre");
    byte[] csv = (HEADER + row(numen, family, "Inès", ";")).getBytes(StandardCharsets.UTF_8);
    Path uploads =
        Path.of(
            ConfigProvider.getConfig()
                .getValue("quarkus.management.body.uploads-directory", String.class));
    Set<Path> before = files(uploads);
    Management.asAdmin(management)
        .multiPart("file", "extraction-rh.csv", csv, "text/csv")
        .post("/api/v1/admin/imports")
        .then()
        .statusCode(201)
        .body("fileName", equalTo("extraction-rh.csv"))
        .body("created", equalTo(1));
    assertThat(account(numen)).containsEntry("family_name", family);
    // The uploaded copy is deleted once answered, so that uploads never fill the pod's /tmp; the
    // deletion follows the response, hence the wait (a generous bound, never a fixed sleep).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!files(uploads).equals(before) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(files(uploads)).isEqualTo(before);
  }

  private static Set<Path> files(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return Set.of();
    }
    try (Stream<Path> listed = Files.list(directory)) {
      return listed.collect(Collectors.toSet());
    }
  }

  @Test
  void aMultipartUploadWithoutAFileChangesNothing() throws SQLException {
    long staffBefore = count("staff");
    long jobsBefore = count("import_job");
    Management.asAdmin(management)
        .multiPart("mode", "partial")
        .post("/api/v1/admin/imports")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("import-file-missing"));
    assertThat(count("staff")).isEqualTo(staffBefore);
    assertThat(count("import_job")).isEqualTo(jobsBefore);
  }

  @Test
  void aFileWithoutTheRequiredColumnsChangesNothing() throws SQLException {
    long staffBefore = count("staff");
    Management.asAdmin(management)
        .contentType("text/csv")
        .body("nom;prenom\nDupont;Jean\n")
        .post("/api/v1/admin/imports")
        .then()
        .statusCode(422)
        .body("code", equalTo("import-missing-columns"))
        .body("detail", org.hamcrest.Matchers.containsString("numen"));
    Management.asAdmin(management)
        .contentType("text/csv")
        .body("")
        .post("/api/v1/admin/imports")
        .then()
        .statusCode(422)
        .body("code", equalTo("import-empty-file"));
    assertThat(count("staff")).isEqualTo(staffBefore);
  }

  @Test
  void readsTheLatin1SemicolonFlavourOfSpreadsheetExports() throws SQLException {
    String numen = TestData.numen();
    String family = TestData.surname("Lefèvre");
    String file =
        "NUMEN;Nom;Prénom;Date de naissance;Catégorie;Département;UAI;Établissement;Colonne RH\r\n"
            + numen
            + ";"
            + family
            + ";Hélène;05/03/1975;second degré public;034;0341234Z;Lycée Clemenceau;x\r\n";
    Charset windows1252 = Charset.forName("windows-1252");
    ExtractableResponse<Response> result = uploadBytes(file.getBytes(windows1252), "");
    assertThat((Integer) result.path("created")).isEqualTo(1);
    Map<String, String> account = account(numen);
    assertThat(account).containsEntry("first_name", "Hélène").containsEntry("family_name", family);
    assertThat(account.get("login")).isEqualTo("h" + NameFolding.fold(family));
    assertThat(scalar("SELECT name FROM school WHERE uai = '0341234Z'"))
        .isEqualTo("Lycée Clemenceau");
  }

  @Test
  void readsCommaSeparatedUtf8WithBomAndQuotedFields() throws SQLException {
    String numen = TestData.numen();
    String family = TestData.surname("O'Neil");
    String file =
        "\uFEFFnumen,nom,prenom,date_naissance,categorie,departement\n"
            + numen
            + ",\""
            + family
            + "\",\"Marie, dite \"\"Mado\"\"\",1980-01-31,ATSS,66\n";
    ExtractableResponse<Response> result = uploadBytes(file.getBytes(StandardCharsets.UTF_8), "");
    assertThat((Integer) result.path("created")).isEqualTo(1);
    assertThat(account(numen))
        .containsEntry("first_name", "Marie, dite \"Mado\"")
        .containsEntry("category", "ATSS");
  }

  @Test
  void storesBackslashesAndTabsExactlyThroughCopy() throws SQLException {
    String numen = TestData.numen();
    String family = TestData.surname("Back\\slash");
    upload(HEADER + numen + ";" + family + ";Tab\tbed;12/06/1981;1D;34;;\n", "");
    assertThat(account(numen))
        .containsEntry("family_name", family)
        .containsEntry("first_name", "Tab bed");
  }

  @Test
  void storesCharactersBeyondTheBasicPlaneExactlyThroughCopy() throws SQLException {
    String numen = TestData.numen();
    String family = TestData.surname("Nguyễn");
    String school = "Lycée 𝔄𝔩𝔭𝔥𝔞 🌲 王";
    // The names go through COPY: three-byte letters and a four-byte symbol.
    upload(
        HEADER + numen + ";" + family + ";Thị 🌲;12/06/1981;1D;34;0340777Z;" + school + "\n", "");
    assertThat(account(numen))
        .containsEntry("family_name", family)
        .containsEntry("first_name", "Thị 🌲");
    assertThat(scalar("SELECT name FROM school WHERE uai = '0340777Z'")).isEqualTo(school);
  }

  @Test
  void showsTheJobAndItsProgressAfterwards() {
    ExtractableResponse<Response> result =
        upload(HEADER + row(TestData.numen(), TestData.surname("Garcia"), "Léa", ";"), "");
    String id = result.path("id");
    Management.asAdmin(management)
        .get("/api/v1/admin/imports/" + id)
        .then()
        .statusCode(200)
        .body("status", equalTo("SUCCEEDED"))
        .body("phase", equalTo("terminé"))
        .body("rowsRead", equalTo(1));
    Management.asAdmin(management)
        .get("/api/v1/admin/imports")
        .then()
        .statusCode(200)
        .body("id", org.hamcrest.Matchers.hasItem(id));
  }

  @Test
  void refusesBadOptions() {
    Management.asAdmin(management)
        .contentType("text/csv")
        .body(HEADER)
        .post("/api/v1/admin/imports?mode=partial&departures=block")
        .then()
        .statusCode(400)
        .body("code", equalTo("departures-need-full-extract"));
    Management.asAdmin(management)
        .contentType("text/csv")
        .body(HEADER)
        .post("/api/v1/admin/imports?mode=everything")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-parameter"));
  }

  private ExtractableResponse<Response> upload(String csv, String query) {
    return uploadBytes(csv.getBytes(StandardCharsets.UTF_8), query);
  }

  private ExtractableResponse<Response> uploadBytes(byte[] csv, String query) {
    return Management.asAdmin(management)
        .contentType("text/csv")
        .body(csv)
        .post("/api/v1/admin/imports" + query)
        .then()
        .extract();
  }

  static String row(String numen, String family, String first, String school) {
    return numen + ";" + family + ";" + first + ";12/06/1981;1D;34;" + school + "\n";
  }

  private Map<String, String> account(String numen) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT login, address, state, uai, family_name, first_name, category"
                    + " FROM staff WHERE numen = ?")) {
      select.setString(1, numen);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).as("a staff row for the NUMEN").isTrue();
        Map<String, String> values = new TreeMap<>();
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
          values.put(rows.getMetaData().getColumnName(i), rows.getString(i));
        }
        return values;
      }
    }
  }

  private String scalar(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private long count(String table) throws SQLException {
    return Long.parseLong(scalar("SELECT count(*) FROM " + table));
  }
}
