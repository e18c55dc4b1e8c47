package fr.sesame.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import fr.sesame.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RefreshAndRevocationTest {

  @Inject Accounts accounts;
  @Inject TestClock clock;

  @AfterEach
  void putTimeBack() {
    clock.reset();
  }

  private static Response loggedIn(StaffView person) {
    Response login = OAuth.login(person.login(), Accounts.PASSWORD);
    login.then().statusCode(200);
    return login;
  }

  @Test
  void rotatesTheRefreshTokenAtEachUse() {
    StaffView person = accounts.active();
    String first = loggedIn(person).path("refresh_token");
    Response refreshed = OAuth.refresh(first);
    refreshed.then().statusCode(200).header("Cache-Control", "no-store");
    String second = refreshed.path("refresh_token");
    assertThat(second).isNotEqualTo(first).hasSize(43);
    // Only the digest of the current token is stored.
    assertThat(
            accounts.text(
                "SELECT count(*) FROM session WHERE staff_id = ?"
                    + " AND token_hash = sha256(convert_to(?, 'UTF8'))",
                person.id(),
                second))
        .isEqualTo("1");
    OAuth.refresh(second).then().statusCode(200);
  }

  @Test
  void aReplayedTokenRevokesTheWholeFamily() {
    StaffView person = accounts.active();
    Response login = loggedIn(person);
    String first = login.path("refresh_token");
    String access = login.path("access_token");
    String second = OAuth.refresh(first).then().statusCode(200).extract().path("refresh_token");

    Response replay = OAuth.refresh(first);
    replay.then().statusCode(400).body("error", equalTo("invalid_grant"));
    // The legitimate holder's newer token dies too, and so do the family's access tokens.
    OAuth.refresh(second).then().statusCode(400).body("error", equalTo("invalid_grant"));
    OAuth.introspect(access).then().statusCode(200).body("active", equalTo(false));
    assertThat(accounts.text("SELECT revoke_reason FROM session WHERE staff_id = ?", person.id()))
        .isEqualTo("REPLAY");
  }

  @Test
  void sixteenParallelUsesOfOneTokenRotateItExactlyOnce() throws Exception {
    StaffView person = accounts.active();
    String token = loggedIn(person).path("refresh_token");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<Integer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 16; i++) {
        answers.add(pool.submit(() -> OAuth.refresh(token).statusCode()));
      }
      int successes = 0;
      for (Future<Integer> answer : answers) {
        successes += answer.get() == 200 ? 1 : 0;
      }
      // One conditional UPDATE wins; every other use sees a rotated token, a replay.
      assertThat(successes).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void refusesRefreshOnceTheAccountIsBlockedOrDeleted() {
    StaffView blocked = accounts.active();
    StaffView deleted = accounts.active();
    String blockedToken = loggedIn(blocked).path("refresh_token");
    String deletedToken = loggedIn(deleted).path("refresh_token");
    accounts.setState(blocked, "BLOCKED", "COMPROMISED");
    accounts.setState(deleted, "DELETED", null);
    OAuth.refresh(blockedToken).then().statusCode(400).body("error", equalTo("invalid_grant"));
    OAuth.refresh(deletedToken).then().statusCode(400).body("error", equalTo("invalid_grant"));
    // Not a replay: unblocking gives the session back.
    accounts.setState(blocked, "ACTIVE", null);
    OAuth.refresh(blockedToken).then().statusCode(200);
  }

  @Test
  void endsASessionAtItsAbsoluteLifetimeWhateverTheRotations() {
    StaffView person = accounts.active();
    String token = loggedIn(person).path("refresh_token");
    clock.advance(Duration.ofHours(11));
    token = OAuth.refresh(token).then().statusCode(200).extract().path("refresh_token");
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    OAuth.refresh(token).then().statusCode(400).body("error", equalTo("invalid_grant"));
  }

  @Test
  void aRefreshTokenWorksOnlyForItsClient() {
    StaffView person = accounts.active();
    String token = loggedIn(person).path("refresh_token");
    OAuth.as(OAuth.LEGACY, OAuth.LEGACY_SECRET)
        .formParam("grant_type", "refresh_token")
        .formParam("refresh_token", token)
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    OAuth.refresh(token).then().statusCode(200);
  }

  @Test
  void revocationFollowsRfc7009() {
    StaffView person = accounts.active();
    Response login = loggedIn(person);
    String refresh = login.path("refresh_token");
    String access = login.path("access_token");

    OAuth.revoke("not-a-token").then().statusCode(200);
    OAuth.as(OAuth.WEBMAIL, "wrong")
        .formParam("token", refresh)
        .post("/oauth2/revoke")
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
    OAuth.as(OAuth.WEBMAIL, OAuth.WEBMAIL_SECRET)
        .post("/oauth2/revoke")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
    // Another client cannot revoke it.
    OAuth.as(OAuth.LEGACY, OAuth.LEGACY_SECRET)
        .formParam("token", refresh)
        .post("/oauth2/revoke")
        .then()
        .statusCode(200);
    OAuth.introspect(refresh).then().body("active", equalTo(true));

    OAuth.revoke(refresh).then().statusCode(200);
    OAuth.introspect(refresh).then().body("active", equalTo(false));
    OAuth.introspect(access).then().body("active", equalTo(false));
    OAuth.refresh(refresh).then().statusCode(400);
  }

  @Test
  void revokesAnAccessTokenAlone() {
    StaffView person = accounts.active();
    Response login = loggedIn(person);
    String access = login.path("access_token");
    OAuth.as(OAuth.WEBMAIL, OAuth.WEBMAIL_SECRET)
        .formParam("token", access)
        .formParam("token_type_hint", "access_token")
        .post("/oauth2/revoke")
        .then()
        .statusCode(200);
    OAuth.introspect(access).then().body("active", equalTo(false));
    OAuth.refresh((String) login.path("refresh_token")).then().statusCode(200);
  }

  @Test
  void introspectionFollowsRfc7662() {
    StaffView person = accounts.active();
    Response login = loggedIn(person);
    String access = login.path("access_token");

    Response active = OAuth.introspect(access);
    active
        .then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .body("active", equalTo(true))
        .body("token_type", equalTo("Bearer"))
        .body("username", equalTo(person.login()))
        .body("email", equalTo(person.address()))
        .body("sub", equalTo(person.id().toString()))
        .body("client_id", equalTo("webmail"))
        .body("mail_quota_mb", equalTo(100));
    OAuth.introspect((String) login.path("refresh_token"))
        .then()
        .body("active", equalTo(true))
        .body("token_type", equalTo("refresh_token"));

    Map<String, Object> inactive =
        OAuth.introspect("garbage").then().extract().jsonPath().getMap("$");
    assertThat(inactive).containsExactly(Map.entry("active", false));
    // Client authentication is required, and only clients allowed to introspect may.
    io.restassured.RestAssured.given()
        .contentType("application/x-www-form-urlencoded")
        .formParam("token", access)
        .post("/oauth2/introspect")
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
    OAuth.as(OAuth.LEGACY, OAuth.LEGACY_SECRET)
        .formParam("token", access)
        .post("/oauth2/introspect")
        .then()
        .statusCode(400)
        .body("error", equalTo("unauthorized_client"));
  }

  @Test
  void emptyFormCredentialsBesideBasicOnesAreNoSecondMethod() {
    StaffView person = accounts.active();
    String access = loggedIn(person).path("access_token");
    // What Dovecot's oauth2 passdb sends (introspection_mode = post): Basic credentials, and the
    // two form parameters, empty.
    OAuth.as(OAuth.IMAP, OAuth.IMAP_SECRET)
        .formParam("token", access)
        .formParam("client_id", "")
        .formParam("client_secret", "")
        .post("/oauth2/introspect")
        .then()
        .statusCode(200)
        .body("active", equalTo(true))
        .body("username", equalTo(person.login()));
    // Credentials in both places are still refused (RFC 6749, 2.3), even the same ones.
    OAuth.as(OAuth.IMAP, OAuth.IMAP_SECRET)
        .formParam("token", access)
        .formParam("client_id", OAuth.IMAP)
        .formParam("client_secret", OAuth.IMAP_SECRET)
        .post("/oauth2/introspect")
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void blockingShowsInIntrospectionInTheSameSecond() {
    StaffView person = accounts.active();
    String access = loggedIn(person).path("access_token");
    OAuth.introspect(access).then().body("active", equalTo(true));
    accounts.setState(person, "BLOCKED", "COMPROMISED");
    Map<String, Object> answer = OAuth.introspect(access).then().extract().jsonPath().getMap("$");
    assertThat(answer).containsExactly(Map.entry("active", false));
  }

  @Test
  void anExpiredAccessTokenIsInactive() {
    StaffView person = accounts.active();
    String access = loggedIn(person).path("access_token");
    // Checked once (its signature is then remembered), it still expires on time.
    OAuth.introspect(access).then().body("active", equalTo(true));
    clock.advance(Duration.ofMinutes(5).plusSeconds(31));
    OAuth.introspect(access).then().body("active", equalTo(false));
  }
}
