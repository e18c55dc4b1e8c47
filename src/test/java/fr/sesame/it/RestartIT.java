package fr.sesame.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import fr.sesame.support.JarProcess;
import io.restassured.response.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What must survive a restart of the packaged jar: the signing keys (stored encrypted) and the
 * memory of rotated refresh tokens, so that a replay after the restart still revokes the family.
 * And what a restart skips: Flyway's start, on a schema already at the jar's version.
 */
class RestartIT {

  @Test
  void keysAndReplayDetectionSurviveARestart() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      int port = JarProcess.freePort();
      Response login;
      String firstRefresh;
      String secondRefresh;
      Path firstConsole = Files.createTempFile("restart-first-", ".log");
      Path secondConsole = Files.createTempFile("restart-second-", ".log");
      try (JarProcess first =
          JarProcess.start(url, port, Map.of(), List.of(), firstConsole).awaitReady()) {
        JarProcess.createActivePerson(
            postgres, "0190a0a0-0000-7000-8000-000000000001", "34E1234567RST", "rtest", null);
        login = first.login("rtest", JarProcess.PASSWORD);
        login.then().statusCode(200);
        firstRefresh = login.path("refresh_token");
        secondRefresh =
            first.refresh(firstRefresh).then().statusCode(200).extract().path("refresh_token");
      }
      assertThat(Files.readString(firstConsole))
          .as("the first start migrates a new database")
          .contains("org.flywaydb");
      Files.delete(firstConsole);
      try (JarProcess second =
          JarProcess.start(url, port, Map.of(), List.of(), secondConsole).awaitReady()) {
        assertThat(Files.readString(secondConsole))
            .as("a start on a schema at the jar's version")
            .doesNotContain("org.flywaydb");
        secondConsole.toFile().deleteOnExit();
        // The key generated before the restart still verifies its tokens.
        given()
            .baseUri(second.base())
            .auth()
            .preemptive()
            .basic(JarProcess.CLIENT, JarProcess.SECRET)
            .formParam("token", (String) login.path("access_token"))
            .post("/oauth2/introspect")
            .then()
            .statusCode(200)
            .body("active", equalTo(true));
        // The rotated token comes back: the whole family dies, the newer token with it.
        second.refresh(firstRefresh).then().statusCode(400).body("error", equalTo("invalid_grant"));
        second
            .refresh(secondRefresh)
            .then()
            .statusCode(400)
            .body("error", equalTo("invalid_grant"));
      }
    }
  }
}
