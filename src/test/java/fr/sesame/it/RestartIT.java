package fr.sesame.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import fr.sesame.support.ExternalPostgres;
import io.restassured.response.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What must survive a restart of the packaged jar: the signing keys (stored encrypted) and the
 * memory of rotated refresh tokens, so that a replay after the restart still revokes the family.
 */
class RestartIT {

  private static final String CLIENT = "webmail";
  private static final String SECRET = "test-webmail-secret";

  @Test
  void keysAndReplayDetectionSurviveARestart() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      int port = freePort();
      Process first = start(url, port);
      Response login;
      String firstRefresh;
      String secondRefresh;
      try {
        String base = "http://localhost:" + port;
        createActivePerson(postgres);
        login =
            given()
                .baseUri(base)
                .auth()
                .preemptive()
                .basic(CLIENT, SECRET)
                .formParam("grant_type", "password")
                .formParam("username", "rtest")
                .formParam("password", "Garrigue-Soleil-2026")
                .post("/oauth2/token");
        login.then().statusCode(200);
        firstRefresh = login.path("refresh_token");
        secondRefresh =
            refresh(base, firstRefresh).then().statusCode(200).extract().path("refresh_token");
      } finally {
        stop(first);
      }
      Process second = start(url, port);
      try {
        String base = "http://localhost:" + port;
        // The key generated before the restart still verifies its tokens.
        given()
            .baseUri(base)
            .auth()
            .preemptive()
            .basic(CLIENT, SECRET)
            .formParam("token", (String) login.path("access_token"))
            .post("/oauth2/introspect")
            .then()
            .statusCode(200)
            .body("active", equalTo(true));
        // The rotated token comes back: the whole family dies, the newer token with it.
        refresh(base, firstRefresh).then().statusCode(400).body("error", equalTo("invalid_grant"));
        refresh(base, secondRefresh).then().statusCode(400).body("error", equalTo("invalid_grant"));
      } finally {
        stop(second);
      }
    }
  }

  private static Response refresh(String base, String token) {
    return given()
        .baseUri(base)
        .auth()
        .preemptive()
        .basic(CLIENT, SECRET)
        .formParam("grant_type", "refresh_token")
        .formParam("refresh_token", token)
        .post("/oauth2/token");
  }

  /** A person straight in the database, with the Argon2id hash of Garrigue-Soleil-2026. */
  private static void createActivePerson(EmbeddedPostgres postgres) throws Exception {
    try (var connection = postgres.getPostgresDatabase().getConnection();
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO staff (id, numen, family_name, first_name, birth_date, category,"
              + " departement_code, sort_key, first_key, source_hash, login, address, state,"
              + " mail_quota_mb, language, created_at, updated_at) VALUES"
              + " ('0190a0a0-0000-7000-8000-000000000001', '34E1234567RST', 'Test', 'Restart',"
              + " '1980-01-01', 'SECOND_DEGRE', '34', 'test restart', 'restart test', 0, 'rtest',"
              + " 'restart.test@ac-montpellier.fr', 'ACTIVE', 100, 'fr', now(), now())");
      statement.execute(
          "INSERT INTO credential (staff_id, password_hash, changed_at) VALUES"
              + " ('0190a0a0-0000-7000-8000-000000000001', '"
              + HASH
              + "', now())");
    }
  }

  // Argon2id (m=19456, t=2, p=1) of "Garrigue-Soleil-2026" with salt "sel-de-restart-1".
  private static final String HASH =
      fr.sesame.support.Argon2Hashes.phc(
          "Garrigue-Soleil-2026",
          "sel-de-restart-1".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          19456,
          2);

  private static Process start(String jdbcUrl, int port) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dquarkus.management.port=0");
    command.add("-jar");
    command.add(Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    var env = builder.environment();
    env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
    env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
    env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
    env.put("QUARKUS_CONFIG_LOCATIONS", "academies/ac-montpellier.properties");
    env.put("SESAME_TOKENS_KEYS_ENCRYPTION_KEY", ExternalPostgres.IT_KEY_ENCRYPTION_KEY);
    env.put(
        "SESAME_CLIENTS_WEBMAIL_SECRET_SHA256",
        "26f9e408bcfb90b1a99ac135aeec1dd70ae3175b37dcadce8519556886c43ecf");
    env.put("SESAME_CLIENTS_WEBMAIL_AUDIENCES", "webmail");
    env.put("SESAME_CLIENTS_WEBMAIL_GRANTS", "password,refresh_token");
    env.put("SESAME_CLIENTS_WEBMAIL_INTROSPECTION", "true");
    Process process = builder.start();
    HttpClient client = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive()).as("the jar keeps running").isTrue();
      try {
        HttpResponse<String> answer =
            client.send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/.well-known/jwks.json"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return process;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    process.destroyForcibly();
    throw new AssertionError("the jar did not start");
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
