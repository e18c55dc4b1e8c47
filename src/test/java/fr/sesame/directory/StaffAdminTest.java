package fr.sesame.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import fr.sesame.support.Admins;
import fr.sesame.support.Management;
import fr.sesame.support.TestData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Single creation and reading, and what every directory endpoint answers to garbage. */
@QuarkusTest
class StaffAdminTest {

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Inject DataSource dataSource;

  /**
   * The administrator first: the tests count the directory around refused requests, and the first
   * call of a run creates its administrator, a person of the directory, inside that count.
   */
  @BeforeEach
  void administrator() {
    Admins.academie();
  }

  private static Map<String, Object> person(String numen, String family) {
    Map<String, Object> body = new HashMap<>();
    body.put("numen", numen);
    body.put("familyName", family);
    body.put("firstName", "Ève");
    body.put("birthDate", "14/07/1979");
    body.put("category", "ATSS");
    body.put("departement", "48");
    body.put("uai", "0480001C");
    body.put("schoolName", "DSDEN de la Lozère");
    return body;
  }

  @Test
  void createsAPendingAccountAndReadsItBack() {
    String family = TestData.surname("Guerin");
    String id =
        Management.asAdmin(management)
            .contentType("application/json")
            .body(person(TestData.numen(), family))
            .post("/api/v1/admin/staff")
            .then()
            .statusCode(201)
            .header("Location", containsString("/api/v1/admin/staff/"))
            .body("state", equalTo("PENDING"))
            .body("login", equalTo("e" + NameFolding.fold(family)))
            .body("address", equalTo("eve." + NameFolding.fold(family) + "@ac-montpellier.fr"))
            .body("mailQuotaMb", equalTo(100))
            .body("schoolName", equalTo("DSDEN de la Lozère"))
            .extract()
            .path("id");
    Management.asAdmin(management)
        .get("/api/v1/admin/staff/" + id)
        .then()
        .statusCode(200)
        .body("familyName", equalTo(family))
        .body("numen", containsString("*******"));
  }

  @Test
  void refusesASecondPersonWithTheSameNumen() throws SQLException {
    String numen = TestData.numen();
    Management.asAdmin(management)
        .contentType("application/json")
        .body(person(numen, TestData.surname("Morel")))
        .post("/api/v1/admin/staff")
        .then()
        .statusCode(201);
    long before = count();
    Management.asAdmin(management)
        .contentType("application/json")
        .body(person(numen, TestData.surname("Morel")))
        .post("/api/v1/admin/staff")
        .then()
        .statusCode(409)
        .body("code", equalTo("numen-exists"));
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void refusesInvalidFieldsNamingTheField() throws SQLException {
    long before = count();
    Map<String, Object> body = person(TestData.numen(), TestData.surname("Fabre"));
    body.put("birthDate", "30/02/1980");
    Management.asAdmin(management)
        .contentType("application/json")
        .body(body)
        .post("/api/v1/admin/staff")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("invalid-staff"))
        .body("violations[0].field", equalTo("date_naissance"))
        .body("violations[0].code", equalTo("date-naissance-invalide"));
    body.put("birthDate", "1980-02-01");
    body.put("numen", "３４E0712345ABC");
    Management.asAdmin(management)
        .contentType("application/json")
        .body(body)
        .post("/api/v1/admin/staff")
        .then()
        .statusCode(400)
        .body("violations[0].code", equalTo("numen-invalide"))
        .body(not(containsString("0712345")));
    assertThat(count()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"numen\": \"34E0712345ABC\", \"admin\": true}",
        "{\"numen\": 12, \"familyName\": [1]}",
        "{\"mailQuotaMb\": \"lots\"}",
        "[1, 2, 3]",
        "{\"numen\": ",
        "null",
        "\"text\"",
        "{\"numen\": \"\\u0000\"}"
      })
  void answersGarbageJsonWithAProblemAndChangesNothing(String body) throws SQLException {
    long before = count();
    Management.asAdmin(management)
        .contentType("application/json")
        .body(body)
        .post("/api/v1/admin/staff")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", org.hamcrest.Matchers.notNullValue())
        .body(not(containsString("Exception")))
        .body(not(containsString("fr.sesame")));
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void answersInvalidUtf8AndHugeBodiesAndWrongTypes() throws SQLException {
    long before = count();
    byte[] invalidUtf8 = {
      '{', '"', 'n', 'u', 'm', 'e', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'
    };
    Management.asAdmin(management)
        .contentType("application/json")
        .body(invalidUtf8)
        .post("/api/v1/admin/staff")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    Management.asAdmin(management)
        .contentType("application/json")
        .body("{\"familyName\": \"" + "A".repeat(70_000) + "\"}")
        .post("/api/v1/admin/staff")
        .then()
        .statusCode(413)
        .body("code", equalTo("payload-too-large"));
    Management.asAdmin(management)
        .contentType("text/plain")
        .body("hello")
        .post("/api/v1/admin/staff")
        .then()
        .statusCode(415)
        .body("code", equalTo("unsupported-media-type"));
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void answersUnknownIdsRoutesAndMethodsWithProblems() {
    Management.asAdmin(management)
        .get("/api/v1/admin/staff/0196f7a2-0000-7000-8000-000000000000")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("code", equalTo("staff-not-found"));
    Management.asAdmin(management)
        .get("/api/v1/admin/staff/not-a-uuid")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    Management.asAdmin(management)
        .get("/api/v1/admin/imports/0196f7a2-0000-7000-8000-000000000000/report")
        .then()
        .statusCode(404)
        .body("code", equalTo("import-not-found"));
    Management.asAdmin(management)
        .get("/api/v1/admin/nothing-here")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("code", equalTo("not-found"));
    Management.asAdmin(management)
        .delete("/api/v1/admin/staff")
        .then()
        .statusCode(405)
        .contentType("application/problem+json")
        .body("code", equalTo("method-not-allowed"));
  }

  private long count() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM staff")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
