package fr.sesame.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import fr.sesame.support.ExternalPostgres;
import fr.sesame.support.Management;
import fr.sesame.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The packaged jar, in the production profile, on an external PostgreSQL. */
@QuarkusIntegrationTest
@WithTestResource(ExternalPostgres.class)
class PackagedJarIT {

  private static URL management() {
    try {
      return new URL(
          "http://localhost:" + System.getProperty(ExternalPostgres.MANAGEMENT_PORT) + "/");
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void isReadyOnTheManagementPort() {
    Management.given(management())
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"));
    Management.given(management()).get("/q/health/started").then().statusCode(200);
    Management.given(management()).get("/q/health/live").then().statusCode(200);
  }

  @Test
  void servesTheAcademieOnThePublicPort() {
    given().get("/api/v1/academie").then().statusCode(200).body("departements.code", hasItem("34"));
  }

  /**
   * Quarkus's own URI check (a bare, empty 400) is turned off by the jar's main, which the test run
   * does not go through: only here does a test see that it is.
   */
  @Test
  void refusesAMalformedRequestTargetInTheApisShape() throws IOException {
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket
          .getOutputStream()
          .write(
              "GET /api/v1/academie?x=%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer)
          .startsWith("HTTP/1.1 400")
          .containsIgnoringCase("content-type: application/problem+json")
          .contains("\"code\":\"malformed-uri\"");
    }
  }

  private static String administratorToken;

  /**
   * An académie administrator of the jar under test, made the way a first installation makes one: a
   * person of the directory activates their account with NUMEN and birth date and chooses a long
   * password, then receives the role (here by SQL, standing in for grant-admin), and logs in
   * through the administration client.
   */
  private static synchronized String administrator() {
    if (administratorToken != null) {
      return administratorToken;
    }
    String numen = TestData.numen();
    String login = "itadmin" + (System.nanoTime() % 100000);
    sql(
        "INSERT INTO staff (id, numen, family_name, first_name, birth_date, category,"
            + " departement_code, sort_key, first_key, source_hash, login, address, state,"
            + " mail_quota_mb, language, created_at, updated_at) VALUES (gen_random_uuid(), ?,"
            + " 'Admin', 'Rectorat', DATE '1970-05-05', 'ATSS', '34', 'admin rectorat',"
            + " 'rectorat admin', 0, ?, ?, 'PENDING', 1024, 'fr', now(), now())",
        numen,
        login,
        login + "@ac-montpellier.fr");
    activate(numen, "05/05/1970", ADMIN_PASSWORD);
    sql(
        "INSERT INTO admin_role (staff_id, role, departement_code, granted_at, granted_by)"
            + " SELECT id, 'academie-admin', NULL, now(), 'it' FROM staff WHERE numen = ?",
        numen);
    administratorToken =
        given()
            .auth()
            .preemptive()
            .basic("console", "test-console-secret")
            .contentType("application/x-www-form-urlencoded; charset=UTF-8")
            .formParam("grant_type", "password")
            .formParam("username", login)
            .formParam("password", ADMIN_PASSWORD)
            .post("/oauth2/token")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    return administratorToken;
  }

  /** Activates an account with its NUMEN and birth date and a first password; the flow. */
  private static String activate(String numen, String birthDate, String password) {
    String flow =
        given()
            .contentType("application/json")
            .body(java.util.Map.of("numen", numen, "birthDate", birthDate))
            .post("/api/v1/activation")
            .then()
            .statusCode(201)
            .extract()
            .path("flow");
    given()
        .contentType("application/json")
        .body(java.util.Map.of("flow", flow, "password", password))
        .post("/api/v1/activation/password")
        .then()
        .statusCode(200);
    return flow;
  }

  private static final String ADMIN_PASSWORD = "Cers-Tramontane-Marin-Autan-2026";

  private static void sql(String sql, Object... parameters) {
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection(System.getProperty(ExternalPostgres.JDBC_URL));
        java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void protectsTheAdministrationWithAnAdministratorsToken() {
    Management.given(management())
        .get("/api/v1/admin/staff?q=dupont")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Bearer")
        .contentType("application/problem+json")
        .body("code", equalTo("admin-unauthenticated"));
    Management.given(management())
        .header("Authorization", "Bearer " + administrator())
        .get("/api/v1/admin/staff?q=dupont")
        .then()
        .statusCode(200);
  }

  @Test
  void keepsTheAdministrationOffThePublicPort() {
    given()
        .get("/api/v1/admin/staff?q=dupont")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void importsThenFindsAndLogsInJsonWithoutTheNumen() throws IOException {
    String family = TestData.surname("Delmas");
    String numen = TestData.numen();
    Management.given(management())
        .contentType("text/csv")
        .body(
            "numen;nom;prenom;date_naissance;categorie;departement\n"
                + numen
                + ";"
                + family
                + ";Rémi;02/02/1982;2D;34\n")
        .header("Authorization", "Bearer " + administrator())
        .post("/api/v1/admin/imports?fileName=rh.csv")
        .then()
        .statusCode(201)
        .body("created", equalTo(1))
        .body("fileName", equalTo("rh.csv"));
    Management.given(management())
        .header("Authorization", "Bearer " + administrator())
        .queryParam("q", family)
        .get("/api/v1/admin/staff")
        .then()
        .statusCode(200)
        .body("items[0].firstName", equalTo("Rémi"))
        .body("items[0].state", equalTo("PENDING"));
    // The launcher keeps the jar's console in target/quarkus.log.
    java.util.List<String> log =
        java.nio.file.Files.readAllLines(java.nio.file.Path.of("target", "quarkus.log"));
    assertThat(log).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{\"timestamp\""));
    assertThat(String.join("\n", log)).doesNotContain(numen);
  }

  @Test
  void activatesWithACodeSentOverSmtpAndLogsNeitherTheCodeNorTheKnowledgeFactor()
      throws IOException {
    String numen = TestData.numen();
    Management.given(management())
        .contentType("text/csv")
        .body(
            "numen;nom;prenom;date_naissance;categorie;departement\n"
                + numen
                + ";"
                + TestData.surname("Roques")
                + ";Inès;14/07/1987;1D;34\n")
        .header("Authorization", "Bearer " + administrator())
        .post("/api/v1/admin/imports?fileName=rh.csv")
        .then()
        .statusCode(201);
    String flow = activate(numen, "14/07/1987", "Tramontane-Olivier-7319");
    String mailbox = TestData.surname("jar") + "@exemple.fr";
    given()
        .contentType("application/json")
        .body(java.util.Map.of("flow", flow, "channel", "EMAIL", "value", mailbox))
        .post("/api/v1/activation/contact")
        .then()
        .statusCode(200);
    String code = fr.sesame.support.SelfService.codeMailedTo(mailbox, 1);
    given()
        .contentType("application/json")
        .body(java.util.Map.of("flow", flow, "code", code))
        .post("/api/v1/activation/contact/verification")
        .then()
        .statusCode(200)
        .body("contacts[0].channel", equalTo("EMAIL"));
    String log =
        String.join(
            "\n", java.nio.file.Files.readAllLines(java.nio.file.Path.of("target", "quarkus.log")));
    assertThat(log)
        .doesNotContain(code)
        .doesNotContain(numen)
        .doesNotContain("1987-07-14")
        .doesNotContain("14/07/1987")
        .doesNotContain(flow)
        .doesNotContain("Tramontane-Olivier-7319");
  }
}
