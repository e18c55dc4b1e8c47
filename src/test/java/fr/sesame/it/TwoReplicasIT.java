package fr.sesame.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import fr.sesame.support.JarProcess;
import fr.sesame.support.SmtpSink;
import io.restassured.response.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two packaged jars on one PostgreSQL and one SMTP server (a sink that never stalls, so that every
 * delivery it counts is a send), as two Kubernetes replicas run: everything they share lives in the
 * database. They migrate once although they start together; failed logins count across both; an
 * outbox message goes out once although both couriers poll; a key rotated on one is published by
 * the other; a refresh token rotated on one is a replay on the other.
 */
class TwoReplicasIT {

  private static final int PEOPLE = 12;

  @Test
  void twoReplicasShareThrottlingTheOutboxKeysAndSessions() throws Exception {
    try (SmtpSink smtp = new SmtpSink();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      Map<String, String> env = environment(smtp.port());
      try (JarProcess a = JarProcess.start(url, JarProcess.freePort(), env);
          JarProcess b = JarProcess.start(url, JarProcess.freePort(), env)) {
        a.awaitReady();
        b.awaitReady();
        migratedOnce(postgres);
        people(postgres);

        throttlingCountsAcrossBoth(a, b);
        eachOutboxMessageGoesOutOnce(a, b, smtp);
        aKeyRotatedOnOneIsPublishedByTheOther(a, b, postgres);
        aRefreshTokenRotatedOnOneIsAReplayOnTheOther(a, b);
      }
    }
  }

  private static void migratedOnce(EmbeddedPostgres postgres) throws Exception {
    try (var connection = postgres.getPostgresDatabase().getConnection();
        var statement = connection.createStatement();
        var rows =
            statement.executeQuery(
                "SELECT count(*), count(DISTINCT version), bool_and(success) FROM"
                    + " flyway_schema_history WHERE version IS NOT NULL")) {
      rows.next();
      assertThat(rows.getInt(1)).as("each migration applied once").isEqualTo(rows.getInt(2));
      assertThat(rows.getInt(2)).isGreaterThanOrEqualTo(20);
      assertThat(rows.getBoolean(3)).isTrue();
    }
  }

  private static void people(EmbeddedPostgres postgres) throws Exception {
    JarProcess.createActivePerson(
        postgres, "0190b0b0-0000-7000-8000-000000000001", "34E1000001AAA", "rthrottle", null);
    JarProcess.createActivePerson(
        postgres, "0190b0b0-0000-7000-8000-000000000002", "34E1000002AAA", "rrefresh", null);
    JarProcess.createActivePerson(
        postgres, "0190b0b0-0000-7000-8000-000000000003", "34E1000003AAA", "radmin", null);
    for (int i = 0; i < PEOPLE; i++) {
      JarProcess.createActivePerson(
          postgres,
          String.format("0190b0b0-0000-7000-8000-1%011d", i),
          String.format("34E20000%02dAAA", i),
          "rmail" + (char) ('a' + i),
          "replica" + i + "@exemple.fr");
    }
    try (var connection = postgres.getPostgresDatabase().getConnection();
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO admin_role (staff_id, role, granted_at, granted_by) VALUES"
              + " ('0190b0b0-0000-7000-8000-000000000003', 'academie-admin', now(), 'it')");
    }
  }

  private static void throttlingCountsAcrossBoth(JarProcess a, JarProcess b) {
    // Five free failures per account, then a long delay (10 min here). Seven failures alternating
    // the replicas: neither saw more than four, so only a shared count delays the next login.
    for (int i = 0; i < 7; i++) {
      (i % 2 == 0 ? a : b).login("rthrottle", "Mauvais-Mot-De-Passe-" + i).then().statusCode(400);
    }
    b.login("rthrottle", JarProcess.PASSWORD)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    a.login("rthrottle", JarProcess.PASSWORD).then().statusCode(400);
  }

  private static void eachOutboxMessageGoesOutOnce(JarProcess a, JarProcess b, SmtpSink smtp)
      throws Exception {
    for (int i = 0; i < PEOPLE; i++) {
      JarProcess replica = i % 2 == 0 ? a : b;
      String flow =
          given()
              .baseUri(replica.base())
              .contentType("application/json")
              .body(Map.of("identifier", "rmail" + (char) ('a' + i)))
              .post("/api/v1/password-reset")
              .then()
              .statusCode(201)
              .extract()
              .path("flow");
      given()
          .baseUri(replica.base())
          .contentType("application/json")
          .body(Map.of("flow", flow, "channel", "EMAIL"))
          .post("/api/v1/password-reset/code")
          .then()
          .statusCode(200);
    }
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (smtp.messages() < PEOPLE && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    // Both couriers keep polling (every 0.3 s here): give them many more chances to send twice.
    Thread.sleep(3_000);
    Map<String, Long> perRecipient = new HashMap<>();
    for (String recipient : smtp.recipients()) {
      perRecipient.merge(recipient, 1L, Long::sum);
    }
    assertThat(perRecipient).hasSize(PEOPLE);
    assertThat(perRecipient.values()).as("each code sent once").containsOnly(1L);
  }

  private static void aKeyRotatedOnOneIsPublishedByTheOther(
      JarProcess a, JarProcess b, EmbeddedPostgres postgres) throws Exception {
    String token =
        given()
            .baseUri(a.base())
            .auth()
            .preemptive()
            .basic("console", "test-console-secret")
            .formParam("grant_type", "password")
            .formParam("username", "radmin")
            .formParam("password", JarProcess.PASSWORD)
            .post("/oauth2/token")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    List<String> rotated =
        given()
            .baseUri(a.management())
            .header("Authorization", "Bearer " + token)
            .post("/api/v1/admin/keys/rotation")
            .then()
            .statusCode(200)
            .extract()
            .path("keys.kid");
    List<String> before = new ArrayList<>();
    try (var connection = postgres.getPostgresDatabase().getConnection();
        var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT kid FROM signing_key WHERE revoked_at IS NULL")) {
      while (rows.next()) {
        before.add(rows.getString(1));
      }
    }
    assertThat(rotated).containsExactlyInAnyOrderElementsOf(before);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    List<String> published = List.of();
    while (Instant.now().isBefore(deadline)) {
      published = given().baseUri(b.base()).get("/.well-known/jwks.json").path("keys.kid");
      if (published.containsAll(rotated)) {
        break;
      }
      Thread.sleep(300);
    }
    assertThat(published).as("the other replica publishes the new key").containsAll(rotated);
  }

  private static void aRefreshTokenRotatedOnOneIsAReplayOnTheOther(JarProcess a, JarProcess b) {
    Response login = a.login("rrefresh", JarProcess.PASSWORD);
    login.then().statusCode(200);
    String first = login.path("refresh_token");
    String second = a.refresh(first).then().statusCode(200).extract().path("refresh_token");
    b.refresh(first).then().statusCode(400).body("error", equalTo("invalid_grant"));
    b.refresh(second).then().statusCode(400).body("error", equalTo("invalid_grant"));
    a.refresh(second).then().statusCode(400);
  }

  private static Map<String, String> environment(int smtpPort) {
    Map<String, String> env = new HashMap<>();
    env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
    env.put("QUARKUS_MAILER_PORT", Integer.toString(smtpPort));
    env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
    env.put("QUARKUS_MAILER_KEEP_ALIVE", "false");
    env.put("QUARKUS_MAILER_TIMEOUT", "PT5S");
    env.put("SESAME_NOTIFY_POLL_EVERY", "PT0.3S");
    env.put("SESAME_NOTIFY_FIRST_RETRY", "PT0.2S");
    env.put("SESAME_NOTIFY_MAX_RETRY", "PT1S");
    env.put("SESAME_RECOVERY_LIMITS_PER_ADDRESS", "1000");
    env.put("SESAME_RECOVERY_LIMITS_PER_ADDRESS_WITHOUT_ANTI_BOT", "1000");
    env.put("SESAME_LOGIN_THROTTLE_FIRST_DELAY", "PT10M");
    env.put("SESAME_TOKENS_KEYS_REFRESH_EVERY", "PT1S");
    env.put(
        "SESAME_CLIENTS_CONSOLE_SECRET_SHA256",
        "55111f9df75e86cec5719563f1c87757ca855df9f76108236de66b44c5cafe01");
    env.put("SESAME_CLIENTS_CONSOLE_AUDIENCES", "sesame-admin");
    env.put("SESAME_CLIENTS_CONSOLE_GRANTS", "password");
    env.put("SESAME_CLIENTS_CONSOLE_ADMINISTRATION", "true");
    return env;
  }
}
