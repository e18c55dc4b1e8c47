package fr.sesame.tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import fr.sesame.credentials.CredentialService;
import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import fr.sesame.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginTest {

  @Inject Accounts accounts;
  @Inject CredentialService credentials;
  @Inject TestClock clock;
  @Inject DataSource dataSource;

  @AfterEach
  void putTimeBack() {
    clock.reset();
  }

  private static Map<String, Object> claims(String jwt) {
    String[] parts = jwt.split("\\.");
    return io.restassured.path.json.JsonPath.from(
            new String(
                Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8))
        .getMap("$");
  }

  private static Map<String, Object> header(String jwt) {
    return io.restassured.path.json.JsonPath.from(
            new String(
                Base64.getUrlDecoder().decode(jwt.split("\\.")[0]),
                java.nio.charset.StandardCharsets.UTF_8))
        .getMap("$");
  }

  @Test
  void logsInByLoginOrAddressInAnyCaseAndIssuesTheDocumentedClaims() {
    StaffView person = accounts.active();
    Response byLogin = OAuth.login(person.login().toUpperCase(), Accounts.PASSWORD);
    byLogin
        .then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .body("token_type", equalTo("Bearer"))
        .body("expires_in", equalTo(300))
        .body("refresh_token", notNullValue());
    String jwt = byLogin.path("access_token");
    Map<String, Object> header = header(jwt);
    assertThat(header)
        .containsEntry("alg", "ES256")
        .containsEntry("typ", "at+jwt")
        .containsKey("kid");
    Map<String, Object> claims = claims(jwt);
    assertThat(claims)
        .containsEntry("iss", "http://localhost:8080")
        .containsEntry("sub", person.id().toString())
        .containsEntry("preferred_username", person.login())
        .containsEntry("email", person.address())
        .containsEntry("given_name", "Mireille")
        .containsEntry("family_name", person.familyName())
        .containsEntry("name", "Mireille " + person.familyName())
        .containsEntry("departement", "34")
        .containsEntry("client_id", "webmail")
        .containsEntry("roles", List.of("staff"))
        .containsEntry("mail_quota_mb", 100)
        .containsEntry("aud", List.of("webmail", "imap.ac-montpellier.fr"))
        .containsKeys("jti", "iat", "exp", "sid");
    assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue())
        .isLessThanOrEqualTo(300);

    OAuth.login(person.address().toUpperCase(), Accounts.PASSWORD).then().statusCode(200);
    OAuth.login("  " + person.login() + " ", Accounts.PASSWORD).then().statusCode(200);
  }

  @Test
  void signsRs256WithTypeJwtForAClientThatAsks() {
    StaffView person = accounts.active();
    String jwt =
        OAuth.login(OAuth.LEGACY, OAuth.LEGACY_SECRET, person.login(), Accounts.PASSWORD)
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    assertThat(header(jwt)).containsEntry("alg", "RS256").containsEntry("typ", "JWT");
    assertThat(claims(jwt)).containsEntry("aud", "legacy");
  }

  @Test
  void answersEveryFailedLoginTheSameWay() {
    StaffView active = accounts.active();
    StaffView pending = accounts.inState("PENDING", null);
    StaffView blocked = accounts.inState("BLOCKED", "COMPROMISED");
    StaffView deleted = accounts.inState("DELETED", null);
    List<Response> failures =
        List.of(
            OAuth.login("personne.inconnue", Accounts.PASSWORD),
            OAuth.login(active.login(), "Mauvais-Mot-2026"),
            OAuth.login(pending.login(), Accounts.PASSWORD),
            OAuth.login(blocked.login(), Accounts.PASSWORD),
            OAuth.login(deleted.login(), Accounts.PASSWORD),
            OAuth.login(active.login(), ""),
            OAuth.login("x".repeat(5000), Accounts.PASSWORD));
    String first = failures.get(0).asString();
    for (Response failure : failures) {
      assertThat(failure.statusCode()).isEqualTo(400);
      assertThat(failure.asString()).isEqualTo(first);
    }
    assertThat(first).contains("\"error\":\"invalid_grant\"");
  }

  @Test
  void countsFiftyParallelFailuresAndDelaysTheNextAttempts() throws Exception {
    StaffView person = accounts.active();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        answers.add(
            pool.submit(() -> OAuth.login(person.login(), "Mauvais-Mot-2026").statusCode()));
      }
      for (Future<Integer> answer : answers) {
        assertThat(answer.get()).isEqualTo(400);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(credentials.failedAttempts(person.id())).isEqualTo(50);
    // Under a delay even the right password fails, with the same answer.
    Response delayed = OAuth.login(person.login(), Accounts.PASSWORD);
    assertThat(delayed.statusCode()).isEqualTo(400);
    assertThat(delayed.asString()).contains("invalid_grant");
    // The delay is time-bound: once over, the right password works and clears the counter.
    clock.advance(Duration.ofMinutes(16));
    OAuth.login(person.login(), Accounts.PASSWORD).then().statusCode(200);
    assertThat(credentials.failedAttempts(person.id())).isZero();
  }

  @Test
  void aCleanLoginWritesNoCounterAndALoginAfterFailuresClearsIt() throws Exception {
    StaffView person = accounts.active();
    try (Connection holder = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      try (Statement lock = holder.createStatement()) {
        // Every write to the counters now waits for this transaction; reading them does not.
        lock.execute("LOCK TABLE login_throttle IN SHARE MODE");
      }
      CompletableFuture<Integer> login =
          CompletableFuture.supplyAsync(
              () -> OAuth.login(person.login(), Accounts.PASSWORD).statusCode());
      try {
        assertThat(login.get(30, TimeUnit.SECONDS)).isEqualTo(200);
      } finally {
        holder.rollback();
      }
    }
    String counter = "SELECT count(*) FROM login_throttle WHERE key = ?";
    OAuth.login(person.login(), "Mauvais-Mot-2026").then().statusCode(400);
    assertThat(accounts.text(counter, "account:" + person.id())).isEqualTo("1");
    OAuth.login(person.login(), Accounts.PASSWORD).then().statusCode(200);
    assertThat(accounts.text(counter, "account:" + person.id())).isEqualTo("0");
  }

  @Test
  void commitsEachAttemptOnceWithItsAuditRow() {
    StaffView person = accounts.active();
    String audit =
        "SELECT xmin::text FROM audit_event WHERE target_id = ? AND event = 'LOGIN'"
            + " AND result = ? ORDER BY id DESC LIMIT 1";
    // A success: the session it opens and its audit row are one transaction, one commit.
    OAuth.login(person.login(), Accounts.PASSWORD).then().statusCode(200);
    assertThat(
            accounts.text(
                "SELECT xmin::text FROM session WHERE staff_id = ? ORDER BY created_at DESC"
                    + " LIMIT 1",
                person.id()))
        .isEqualTo(accounts.text(audit, person.id(), "SUCCESS"));
    // The grant runs on a login thread, outside the request: its audit row still carries the
    // request's user agent, as its session does.
    assertThat(
            accounts.text(
                "SELECT user_agent FROM audit_event WHERE target_id = ? AND event = 'LOGIN'"
                    + " ORDER BY id DESC LIMIT 1",
                person.id()))
        .isNotNull()
        .isEqualTo(
            accounts.text(
                "SELECT user_agent FROM session WHERE staff_id = ? ORDER BY created_at DESC"
                    + " LIMIT 1",
                person.id()));
    // A failure: the counter it raises and its audit row likewise.
    OAuth.login(person.login(), "Mauvais-Mot-2026").then().statusCode(400);
    assertThat(
            accounts.text(
                "SELECT xmin::text FROM login_throttle WHERE key = ?", "account:" + person.id()))
        .isEqualTo(accounts.text(audit, person.id(), "FAILURE"));
  }

  @Test
  void keepsAFailureCountedWhenTheCallersTransactionRollsBack() {
    StaffView person = accounts.active();
    // A re-authentication inside a transaction that then fails: the wrong password and its audit
    // row commit on their own, or a caller's rollback would open an uncounted password oracle.
    assertThatThrownBy(
            () ->
                QuarkusTransaction.requiringNew()
                    .run(
                        () -> {
                          if (!credentials.confirmPassword(
                              person.id(), "Mauvais-Mot-2026", "192.0.2.7")) {
                            throw new IllegalStateException("refused, so the caller rolls back");
                          }
                        }))
        .hasMessageContaining("refused, so the caller rolls back");
    assertThat(credentials.failedAttempts(person.id())).isEqualTo(1);
    assertThat(
            accounts.text(
                "SELECT reason FROM audit_event WHERE target_id = ? AND event = 'REAUTHENTICATION'"
                    + " ORDER BY id DESC LIMIT 1",
                person.id()))
        .isEqualTo("WRONG_PASSWORD");
  }

  @Test
  void delaysProgressivelyAfterTheFreeFailures() {
    StaffView person = accounts.active();
    for (int i = 0; i < 5; i++) {
      OAuth.login(person.login(), "Mauvais-Mot-2026").then().statusCode(400);
    }
    // Five free failures: the right password still works at once.
    OAuth.login(person.login(), Accounts.PASSWORD).then().statusCode(200);
    for (int i = 0; i < 6; i++) {
      OAuth.login(person.login(), "Mauvais-Mot-2026").then().statusCode(400);
    }
    OAuth.login(person.login(), Accounts.PASSWORD).then().statusCode(400);
    clock.advance(Duration.ofSeconds(3));
    OAuth.login(person.login(), Accounts.PASSWORD).then().statusCode(200);
  }

  @Test
  void upgradesAnOldHashAtLogin() {
    StaffView person = accounts.active();
    String old =
        fr.sesame.support.Argon2Hashes.phc(
            Accounts.PASSWORD,
            "seldemerseldemer".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            8192,
            1);
    accounts.sql("UPDATE credential SET password_hash = ? WHERE staff_id = ?", old, person.id());
    OAuth.login(person.login(), Accounts.PASSWORD).then().statusCode(200);
    assertThat(
            accounts.text("SELECT password_hash FROM credential WHERE staff_id = ?", person.id()))
        .startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    OAuth.login(person.login(), Accounts.PASSWORD).then().statusCode(200);
  }

  @Test
  void refusesBadClientsAndBadRequestsTheOAuthWay() {
    StaffView person = accounts.active();
    OAuth.login(OAuth.WEBMAIL, "wrong-secret", person.login(), Accounts.PASSWORD)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic"))
        .body("error", equalTo("invalid_client"));
    OAuth.login("nobody", "x", person.login(), Accounts.PASSWORD)
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
    OAuth.login(OAuth.IMAP, OAuth.IMAP_SECRET, person.login(), Accounts.PASSWORD)
        .then()
        .statusCode(400)
        .body("error", equalTo("unauthorized_client"));
    OAuth.as(OAuth.WEBMAIL, OAuth.WEBMAIL_SECRET)
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("unsupported_grant_type"));
    OAuth.as(OAuth.WEBMAIL, OAuth.WEBMAIL_SECRET)
        .formParam("grant_type", "password")
        .formParam("username", person.login())
        .formParam("username", "other")
        .formParam("password", Accounts.PASSWORD)
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
    // Client credentials in the body work too, but never both ways at once; a client_id beside
    // Basic credentials only names the client (RFC 6749, 3.2.1), and must name the same one.
    passwordGrant(
            given()
                .contentType("application/x-www-form-urlencoded")
                .formParam("client_id", OAuth.WEBMAIL)
                .formParam("client_secret", OAuth.WEBMAIL_SECRET),
            person)
        .statusCode(200);
    passwordGrant(
            OAuth.as(OAuth.WEBMAIL, OAuth.WEBMAIL_SECRET).formParam("client_id", OAuth.WEBMAIL),
            person)
        .statusCode(200);
    passwordGrant(
            OAuth.as(OAuth.WEBMAIL, OAuth.WEBMAIL_SECRET).formParam("client_id", OAuth.IMAP),
            person)
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
    passwordGrant(
            OAuth.as(OAuth.WEBMAIL, OAuth.WEBMAIL_SECRET)
                .formParam("client_secret", OAuth.WEBMAIL_SECRET),
            person)
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
    given()
        .contentType("application/json")
        .body("{\"grant_type\":\"password\"}")
        .post("/oauth2/token")
        .then()
        .statusCode(415)
        .contentType("application/json")
        .body("error", equalTo("invalid_request"));
  }

  /** The password grant of {@code person}, with the client credentials {@code request} carries. */
  private static io.restassured.response.ValidatableResponse passwordGrant(
      io.restassured.specification.RequestSpecification request, StaffView person) {
    return request
        .formParam("grant_type", "password")
        .formParam("username", person.login())
        .formParam("password", Accounts.PASSWORD)
        .post("/oauth2/token")
        .then();
  }

  @Test
  void tellsTheClientsWhereEverythingIs() {
    given()
        .get("/.well-known/openid-configuration")
        .then()
        .statusCode(200)
        .body("issuer", equalTo("http://localhost:8080"))
        .body("token_endpoint", equalTo("http://localhost:8080/oauth2/token"))
        .body("revocation_endpoint", equalTo("http://localhost:8080/oauth2/revoke"))
        .body("introspection_endpoint", equalTo("http://localhost:8080/oauth2/introspect"))
        .body("jwks_uri", equalTo("http://localhost:8080/.well-known/jwks.json"));
    given()
        .get("/.well-known/jwks.json")
        .then()
        .statusCode(200)
        .header("Cache-Control", "public, max-age=900")
        .body("keys.kty", org.hamcrest.Matchers.hasItems("EC", "RSA"))
        .body("keys[0].d", org.hamcrest.Matchers.nullValue())
        .body("keys[0].use", equalTo("sig"));
  }

  @Test
  void delaysAnAddressThatFailsTooOftenWhateverTheAccounts() {
    String address =
        "203.0.113." + java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 255);
    for (int i = 0; i < 51; i++) {
      OAuth.loginFrom(address, "inconnu" + i, "Mauvais-Mot-2026").then().statusCode(400);
    }
    StaffView person = accounts.active();
    Response fromThatAddress = OAuth.loginFrom(address, person.login(), Accounts.PASSWORD);
    assertThat(fromThatAddress.statusCode()).isEqualTo(400);
    // Another address is not delayed, and the person's own counter was not the cause.
    OAuth.login(person.login(), Accounts.PASSWORD).then().statusCode(200);
  }
}
