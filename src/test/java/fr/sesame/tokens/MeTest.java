package fr.sesame.tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MeTest {

  @Inject Accounts accounts;

  private static Response change(String accessToken, String current, String next, String language) {
    return given()
        .auth()
        .oauth2(accessToken)
        .header("Accept-Language", language)
        .contentType("application/json")
        .body(Map.of("currentPassword", current, "newPassword", next))
        .post("/api/v1/me/password");
  }

  @Test
  void changesThePasswordAndEndsEveryOtherSession() {
    StaffView person = accounts.active();
    Response webmail = OAuth.login(person.login(), Accounts.PASSWORD);
    Response phone = OAuth.login(person.login(), Accounts.PASSWORD);
    String access = webmail.path("access_token");

    change(access, Accounts.PASSWORD, "Mistral-Olivier-7731", "fr").then().statusCode(204);

    OAuth.login(person.login(), Accounts.PASSWORD).then().statusCode(400);
    OAuth.login(person.login(), "Mistral-Olivier-7731").then().statusCode(200);
    // The other session is gone, at once, for introspection and refresh alike.
    OAuth.refresh((String) phone.path("refresh_token")).then().statusCode(400);
    OAuth.introspect((String) phone.path("access_token")).then().body("active", equalTo(false));
    // The session that made the change goes on.
    OAuth.introspect(access).then().body("active", equalTo(true));
    OAuth.refresh((String) webmail.path("refresh_token")).then().statusCode(200);
  }

  @Test
  void refusesTheChangeOnceTheAccountIsBlocked() {
    StaffView person = accounts.active();
    String access = OAuth.login(person.login(), Accounts.PASSWORD).path("access_token");
    accounts.setState(person, "BLOCKED", "COMPROMISED");
    change(access, Accounts.PASSWORD, "Mistral-Olivier-7731", "fr")
        .then()
        .statusCode(401)
        .body("code", equalTo("invalid-token"));
    accounts.setState(person, "ACTIVE", null);
    OAuth.login(person.login(), Accounts.PASSWORD).then().statusCode(200);
  }

  @Test
  void refusesAWrongCurrentPasswordAndCountsIt() {
    StaffView person = accounts.active();
    String access = OAuth.login(person.login(), Accounts.PASSWORD).path("access_token");
    change(access, "Pas-Le-Bon-2026", "Mistral-Olivier-7731", "fr")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("code", equalTo("current-password-invalid"))
        .body("detail", equalTo("Le mot de passe actuel est incorrect."));
    assertThat(
            accounts.text(
                "SELECT failures FROM login_throttle WHERE key = ?", "account:" + person.id()))
        .isEqualTo("1");
    OAuth.login(person.login(), Accounts.PASSWORD).then().statusCode(200);
  }

  @Test
  void appliesTheSamePolicyAndSaysWhyInTheCallersLanguage() {
    StaffView person = accounts.active();
    String access = OAuth.login(person.login(), Accounts.PASSWORD).path("access_token");
    change(access, Accounts.PASSWORD, "azerty", "en")
        .then()
        .statusCode(422)
        .body("code", equalTo("password-refused"))
        .body("title", equalTo("Password refused"))
        .body("violations.code", hasItem("password.too-short"))
        .body("violations.message", hasItem("The password must be at least 12 characters long."));
    change(access, Accounts.PASSWORD, person.familyName() + "-2026-Zz!", "fr")
        .then()
        .statusCode(422)
        .body("violations.code", hasItem(org.hamcrest.Matchers.startsWith("password.contains-")));
    change(access, Accounts.PASSWORD, Accounts.PASSWORD, "fr")
        .then()
        .statusCode(422)
        .body("violations.code", equalTo(List.of("password.reused")));
    OAuth.login(person.login(), Accounts.PASSWORD).then().statusCode(200);
  }

  @Test
  void refusesGarbageWithAProblemAndChangesNothing() {
    StaffView person = accounts.active();
    String access = OAuth.login(person.login(), Accounts.PASSWORD).path("access_token");
    for (String body :
        List.of(
            "{",
            "[]",
            "{\"currentPassword\":1}",
            "{\"currentPassword\":\"x\"}",
            "{\"currentPassword\":\"x\",\"newPassword\":\"y\",\"admin\":true}")) {
      given()
          .auth()
          .oauth2(access)
          .contentType("application/json")
          .body(body)
          .post("/api/v1/me/password")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    OAuth.login(person.login(), Accounts.PASSWORD).then().statusCode(200);
  }

  @Test
  void listsAndEndsTheCallersOwnSessions() {
    StaffView person = accounts.active();
    StaffView other = accounts.active();
    Response first = OAuth.login(person.login(), Accounts.PASSWORD);
    Response second = OAuth.login(person.login(), Accounts.PASSWORD);
    String othersSession =
        given()
            .auth()
            .oauth2((String) OAuth.login(other.login(), Accounts.PASSWORD).path("access_token"))
            .get("/api/v1/me/sessions")
            .path("items[0].id");
    String access = first.path("access_token");

    Response list = given().auth().oauth2(access).get("/api/v1/me/sessions");
    list.then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .body("items.size()", equalTo(2))
        .body("items.clientId", equalTo(List.of("webmail", "webmail")))
        .body("items.findAll { it.current }.size()", equalTo(1));
    String secondId = list.jsonPath().getString("items.find { !it.current }.id");

    given()
        .auth()
        .oauth2(access)
        .delete("/api/v1/me/sessions/" + othersSession)
        .then()
        .statusCode(404);
    given().auth().oauth2(access).delete("/api/v1/me/sessions/not-a-uuid").then().statusCode(404);
    given().auth().oauth2(access).delete("/api/v1/me/sessions/" + secondId).then().statusCode(204);
    OAuth.refresh((String) second.path("refresh_token")).then().statusCode(400);
    given()
        .auth()
        .oauth2(access)
        .get("/api/v1/me/sessions")
        .then()
        .body("items.size()", equalTo(1));
  }
}
