package fr.sesame.recovery;

import static fr.sesame.support.SelfService.antiBot;
import static fr.sesame.support.SelfService.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import fr.sesame.support.Accounts;
import fr.sesame.support.SelfService;
import fr.sesame.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ActivationTest {

  @Inject Accounts accounts;

  private static Response start(String numen, String birthDate) {
    return json()
        .body(Map.of("numen", numen, "birthDate", birthDate, "antiBot", antiBot()))
        .post("/api/v1/activation");
  }

  private static Response step(String path, Map<String, String> body) {
    return json().body(body).post("/api/v1/activation/" + path);
  }

  @Test
  void activatesAPendingAccountThenRegistersAVerifiedRecoveryAddress() {
    Accounts.Person person = accounts.person("PENDING", null);
    String flow =
        start(person.numen().toLowerCase(), person.birthDate())
            .then()
            .statusCode(201)
            .header("Cache-Control", "no-store")
            .body("kind", equalTo("ACTIVATION"))
            .body("state", equalTo("IDENTIFIED"))
            .body("login", nullValue())
            .extract()
            .path("flow");

    // A weak password, or one made of the person's own words, is refused and changes nothing.
    step("password", Map.of("flow", flow, "password", "Lucie-Garrigue-Sol-42"))
        .then()
        .statusCode(422)
        .body("code", equalTo("password-refused"))
        .body("violations[0].code", org.hamcrest.Matchers.startsWith("password.contains-"));
    assertThat(accounts.text("SELECT state FROM staff WHERE id = ?", person.id()))
        .isEqualTo("PENDING");

    step("password", Map.of("flow", flow, "password", "Garrigue-Soleil-2026"))
        .then()
        .statusCode(200)
        .body("state", equalTo("ACTIVATED"))
        .body("login", equalTo(person.staff().login()))
        .body("address", equalTo(person.staff().address()));
    assertThat(accounts.text("SELECT state FROM staff WHERE id = ?", person.id()))
        .isEqualTo("ACTIVE");
    assertThat(
            accounts.text(
                "SELECT actor FROM account_state_change WHERE staff_id = ? AND to_state = 'ACTIVE'",
                person.id()))
        .isEqualTo("self-service");
    SelfService.login(person.staff().login(), "Garrigue-Soleil-2026").then().statusCode(200);

    String mailbox = TestData.surname("perso") + "@exemple.fr";
    step("contact", Map.of("flow", flow, "channel", "EMAIL", "value", "  " + mailbox.toUpperCase()))
        .then()
        .statusCode(200)
        .body("state", equalTo("CONTACT_CODE_SENT"));
    String code = SelfService.codeMailedTo(mailbox, 1);
    step("contact/verification", Map.of("flow", flow, "code", code))
        .then()
        .statusCode(200)
        .body("state", equalTo("ACTIVATED"))
        .body("contacts[0].channel", equalTo("EMAIL"))
        .body("contacts[0].masked", equalTo(mailbox.charAt(0) + "•••@e•••.fr"));
    assertThat(
            accounts.text(
                "SELECT value FROM recovery_contact WHERE staff_id = ? AND channel = 'EMAIL'",
                person.id()))
        .isEqualTo(mailbox);
    step("completion", Map.of("flow", flow)).then().statusCode(200).body("state", equalTo("DONE"));

    // Done is done: no step works any more.
    step("password", Map.of("flow", flow, "password", "Autre-Chose-Tres-Long-2026"))
        .then()
        .statusCode(409)
        .body("code", equalTo("flow-step-not-allowed"));
  }

  @Test
  void answersEveryOtherInputWithOneRefusal() {
    Accounts.Person active = accounts.person("ACTIVE", null);
    Accounts.Person blocked = accounts.person("BLOCKED", "COMPROMISED");
    Accounts.Person deleted = accounts.person("DELETED", null);
    Accounts.Person pending = accounts.person("PENDING", null);
    List<String> bodies = new ArrayList<>();
    for (String[] attempt :
        new String[][] {
          {TestData.numen(), "17/04/1988"},
          {pending.numen(), "18/04/1988"},
          {active.numen(), active.birthDate()},
          {blocked.numen(), blocked.birthDate()},
          {deleted.numen(), deleted.birthDate()}
        }) {
      Response answer = start(attempt[0], attempt[1]);
      assertThat(answer.statusCode()).isEqualTo(422);
      bodies.add(answer.asString());
    }
    assertThat(bodies).containsOnly(bodies.get(0));
    assertThat(bodies.get(0)).contains("activation-refused");
  }

  @Test
  void noStepCanBeSkippedOrTakenWithAnotherFlowsHandle() {
    // A made-up handle, a reset flow's handle, or no handle at all: the flow is not found.
    step("password", Map.of("flow", "A".repeat(43), "password", "Garrigue-Soleil-2026"))
        .then()
        .statusCode(404)
        .body("code", equalTo("flow-not-found"));
    String reset =
        json()
            .body(Map.of("identifier", "personne.inconnue"))
            .post("/api/v1/password-reset")
            .path("flow");
    step("password", Map.of("flow", reset, "password", "Garrigue-Soleil-2026"))
        .then()
        .statusCode(404);
    json().body(Map.of("password", "x")).post("/api/v1/activation/password").then().statusCode(404);

    // Contacts before the password: refused.
    Accounts.Person person = accounts.person("PENDING", null);
    String flow = start(person.numen(), person.birthDate()).path("flow");
    step("contact", Map.of("flow", flow, "channel", "EMAIL", "value", "a@exemple.fr"))
        .then()
        .statusCode(409);
    step("completion", Map.of("flow", flow)).then().statusCode(409);
  }

  @Test
  void refusesMalformedDetailsByField() {
    for (String numen :
        new String[] {"11E07123", "11E0712345AB1", "１１E0712345ABC", "11E0712345ABC\r\n1"}) {
      json()
          .body(Map.of("numen", numen, "birthDate", "17/04/1988"))
          .post("/api/v1/activation")
          .then()
          .statusCode(400)
          .body("code", equalTo("invalid-numen"))
          .body("violations[0].field", equalTo("numen"));
    }
    for (String date :
        new String[] {"31/02/1988", "1988-13-01", "17.04.1988", "01/01/1850", "' OR 1=1 --"}) {
      json()
          .body(Map.of("numen", TestData.numen(), "birthDate", date))
          .post("/api/v1/activation")
          .then()
          .statusCode(400)
          .body("code", equalTo("invalid-birth-date"));
    }
    json().body("{\"numen\": 12}").post("/api/v1/activation").then().statusCode(400);
    json()
        .body(Map.of("numen", TestData.numen(), "birthDate", "17/04/1988", "admin", true))
        .post("/api/v1/activation")
        .then()
        .statusCode(400)
        .body("code", equalTo("unknown-field"));
    json().body("").post("/api/v1/activation").then().statusCode(400);
  }

  @Test
  void throttlesOneNumenWhoeverTriesItWithTheSameMessageForKnownAndUnknown() {
    Accounts.Person person = accounts.person("PENDING", null);
    String unknown = TestData.numen();
    for (int i = 0; i < 5; i++) {
      start(person.numen(), "01/01/1990").then().statusCode(422);
      start(unknown, "01/01/1990").then().statusCode(422);
    }
    Response known = start(person.numen(), person.birthDate());
    Response other = start(unknown, "01/01/1990");
    known.then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
    assertThat(known.asString()).isEqualTo(other.asString()).contains("too-many-requests");
  }

  @Test
  void withoutTheAntiBotCheckOneAddressGetsFewerTries() {
    String address = SelfService.someAddress();
    int served = 0;
    for (int i = 0; i < 10; i++) {
      int status =
          SelfService.from(address)
              .body(Map.of("numen", TestData.numen(), "birthDate", "01/01/1990"))
              .post("/api/v1/activation")
              .statusCode();
      if (status == 422) {
        served++;
      } else {
        assertThat(status).isEqualTo(429);
      }
    }
    assertThat(served).isEqualTo(6);
    // With a solved challenge the same address is still served, once per solution.
    String solution = antiBot();
    SelfService.from(address)
        .body(Map.of("numen", TestData.numen(), "birthDate", "01/01/1990", "antiBot", solution))
        .post("/api/v1/activation")
        .then()
        .statusCode(422);
    SelfService.from(address)
        .body(Map.of("numen", TestData.numen(), "birthDate", "01/01/1990", "antiBot", solution))
        .post("/api/v1/activation")
        .then()
        .statusCode(429);
  }

  @Test
  void aCodeSentToOneAddressNeverVerifiesAnotherOne() {
    Accounts.Person person = accounts.person("PENDING", null);
    String flow = start(person.numen(), person.birthDate()).path("flow");
    step("password", Map.of("flow", flow, "password", "Garrigue-Soleil-2026"))
        .then()
        .statusCode(200);
    String mine = TestData.surname("moi") + "@exemple.fr";
    step("contact", Map.of("flow", flow, "channel", "EMAIL", "value", mine)).then().statusCode(200);
    String code = SelfService.codeMailedTo(mine, 1);
    // Within the cooldown another value is refused a code, but becomes the flow's pending one.
    step("contact", Map.of("flow", flow, "channel", "EMAIL", "value", "pirate@exemple.fr"))
        .then()
        .statusCode(429)
        .body("code", equalTo("code-cooldown"));
    step("contact/verification", Map.of("flow", flow, "code", code))
        .then()
        .statusCode(422)
        .body("code", equalTo("code-invalid"));
    assertThat(
            accounts.text("SELECT count(*) FROM recovery_contact WHERE staff_id = ?", person.id()))
        .isEqualTo("0");
  }
}
