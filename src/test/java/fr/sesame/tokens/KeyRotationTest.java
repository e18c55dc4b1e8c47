package fr.sesame.tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import fr.sesame.support.Management;
import fr.sesame.support.TestClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KeyRotationTest {

  @Inject Accounts accounts;
  @Inject SigningKeys keys;
  @Inject TestClock clock;

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @AfterEach
  void putTimeBack() {
    clock.reset();
    keys.forget();
  }

  static String kid(String jwt) {
    String header =
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
    return io.restassured.path.json.JsonPath.from(header).getString("kid");
  }

  static List<String> published() {
    return given().get("/.well-known/jwks.json").jsonPath().getList("keys.kid");
  }

  private String token(StaffView person) {
    return OAuth.login(person.login(), Accounts.PASSWORD)
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }

  @Test
  void publishesTheNextKeyBeforeItSignsAndKeepsTheOldOneUntilItsTokensExpired() {
    StaffView person = accounts.active();
    String before = kid(token(person));

    Management.asAdmin(management).post("/api/v1/admin/keys/rotation").then().statusCode(200);
    assertThat(
            Integer.parseInt(
                accounts.text(
                    "SELECT count(*) FROM audit_event WHERE event = 'SIGNING_KEY_CREATED'")))
        .as("every key made is in the audit")
        .isGreaterThanOrEqualTo(
            Integer.parseInt(accounts.text("SELECT count(*) FROM signing_key")));
    assertThat(
            accounts.text(
                "SELECT actor_id::text FROM audit_event WHERE event = 'KEYS_ROTATED'"
                    + " ORDER BY id DESC LIMIT 1"))
        .isEqualTo(fr.sesame.support.Admins.academie().id().toString());
    List<String> afterRotation = published();
    assertThat(afterRotation).contains(before).hasSizeGreaterThan(2);
    String upcoming =
        afterRotation.stream()
            .filter(kid -> !kid.equals(before) && keys.verifier(kid, "ES256").isPresent())
            .reduce((a, b) -> b)
            .orElseThrow();
    // Published, not yet signing.
    assertThat(kid(token(person))).isEqualTo(before);

    clock.advance(Duration.ofHours(1).plusSeconds(1));
    keys.forget();
    String after = token(person);
    assertThat(kid(after)).isEqualTo(upcoming);
    assertThat(published()).contains(before, upcoming);
    OAuth.introspect(after).then().body("active", equalTo(true));

    clock.advance(Duration.ofMinutes(7));
    keys.forget();
    assertThat(published()).doesNotContain(before).contains(upcoming);
  }

  @Test
  void signsWithBouncyCastlesOwnEcKeysFreshOrReadBack() {
    // A JDK key would make the provider rebuild the curve's table at every signature (3x slower).
    Management.asAdmin(management)
        .post("/api/v1/admin/keys/emergency-rotation")
        .then()
        .statusCode(200);
    fr.sesame.support.Admins.forget();
    assertThat(keys.signer("ES256").privateKey())
        .as("after a rotation")
        .isInstanceOf(org.bouncycastle.jce.interfaces.ECPrivateKey.class);
    keys.forget();
    assertThat(keys.signer("ES256").privateKey())
        .as("a key decrypted from the database")
        .isInstanceOf(org.bouncycastle.jce.interfaces.ECPrivateKey.class);
    OAuth.introspect(token(accounts.active())).then().body("active", equalTo(true));
  }

  @Test
  void emergencyRotationWithdrawsEveryKeyAtOnce() {
    StaffView person = accounts.active();
    String old = token(person);
    String oldKid = kid(old);
    OAuth.introspect(old).then().body("active", equalTo(true));

    Management.asAdmin(management)
        .post("/api/v1/admin/keys/emergency-rotation")
        .then()
        .statusCode(200)
        .body("keys.kid", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(oldKid)));
    fr.sesame.support.Admins.forget(); // their tokens went with the keys

    OAuth.introspect(old).then().body("active", equalTo(false));
    given().auth().oauth2(old).get("/api/v1/me/sessions").then().statusCode(401);
    assertThat(published()).doesNotContain(oldKid);
    String fresh = token(person);
    assertThat(kid(fresh)).isNotEqualTo(oldKid);
    OAuth.introspect(fresh).then().body("active", equalTo(true));
  }

  @Test
  void aReplicaWhoseClockLagsStillSignsRightAfterAnEmergencyRotation() {
    StaffView person = accounts.active();
    Management.asAdmin(management)
        .post("/api/v1/admin/keys/emergency-rotation")
        .then()
        .statusCode(200);
    fr.sesame.support.Admins.forget(); // their tokens went with the keys
    // This replica's clock a little behind the one that made the new keys: none of them signs
    // yet by its clock, and logins used to fail with 500 ("no ES256 key") until it caught up.
    clock.advance(Duration.ofSeconds(-20));
    String token = token(person);
    assertThat(published()).contains(kid(token));
    OAuth.introspect(token).then().body("active", equalTo(true));
  }
}
