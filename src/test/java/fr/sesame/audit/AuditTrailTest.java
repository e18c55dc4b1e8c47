package fr.sesame.audit;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.support.Accounts;
import fr.sesame.support.SelfService;
import fr.sesame.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Security events are recorded, refusals included, and the trail holds no secret. */
@QuarkusTest
class AuditTrailTest {

  @Inject Accounts accounts;
  @Inject AuditService audit;

  private String events(Object target) {
    return accounts.text(
        "SELECT string_agg(event || ':' || result || ':' || coalesce(reason, ''), ',' ORDER BY id)"
            + " FROM audit_event WHERE target_id = ?",
        target);
  }

  @Test
  void recordsControlCharactersAsQuestionMarksAndBoundsTheLengths() {
    Accounts.Person person = accounts.person("ACTIVE", null);

    audit.record(
        AuditEvent.success("LOGIN", person.id(), "192.0.2.7\u0000"),
        "Agent\n\u0007du-test/" + "x".repeat(300));

    assertThat(
            accounts.text(
                "SELECT client_address || '|' || user_agent FROM audit_event WHERE target_id = ?",
                person.id()))
        .isEqualTo("192.0.2.7?|Agent??du-test/" + "x".repeat(256 - 15));
  }

  @Test
  void recordsLoginsWithoutWhatWasTyped() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String typed = "Mot-De-Passe-Tape-Dans-Le-Login-" + TestData.surname("x");
    SelfService.login(typed, "peu importe").then().statusCode(400);
    SelfService.login(person.staff().login(), "Mauvais-2026").then().statusCode(400);
    SelfService.login(person.staff().login(), Accounts.PASSWORD).then().statusCode(200);
    assertThat(events(person.id())).isEqualTo("LOGIN:FAILURE:WRONG_PASSWORD,LOGIN:SUCCESS:");
    assertThat(
            accounts.text(
                "SELECT count(*) FROM audit_event a WHERE a::text LIKE ?", "%" + typed + "%"))
        .isEqualTo("0");
    assertThat(
            accounts.text(
                "SELECT count(*) FROM audit_event WHERE event = 'LOGIN' AND reason = 'UNKNOWN_ACCOUNT'"
                    + " AND target_id IS NULL"))
        .isNotEqualTo("0");
  }

  @Test
  void recordsAResetStepByStepWithoutItsCodeOrKnowledgeFactor() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = TestData.surname("audit") + "@exemple.fr";
    accounts.contact(person.staff(), "EMAIL", mailbox);
    String flow = SelfService.resetWithMailedCode(person.staff().login());
    String code = SelfService.codeMailedTo(mailbox, 1);
    String wrong = code.equals("000000") ? "111111" : "000000";
    SelfService.json()
        .body(Map.of("flow", flow, "code", wrong))
        .post("/api/v1/password-reset/verification")
        .then()
        .statusCode(422);
    SelfService.json()
        .body(Map.of("flow", flow, "code", code))
        .post("/api/v1/password-reset/verification")
        .then()
        .statusCode(200);
    SelfService.json()
        .body(Map.of("flow", flow, "password", "Tramontane-Olivier-7319"))
        .post("/api/v1/password-reset/password")
        .then()
        .statusCode(200);
    assertThat(events(person.id()))
        .isEqualTo(
            "CODE_SENT:SUCCESS:EMAIL,CODE_VERIFIED:FAILURE:code-invalid,CODE_VERIFIED:SUCCESS:,"
                + "PASSWORD_CHANGED:SUCCESS:");
    for (String secret : new String[] {code, person.numen(), "1988-04-17", mailbox, flow}) {
      assertThat(
              accounts.text(
                  "SELECT count(*) FROM audit_event a WHERE a::text LIKE ?", "%" + secret + "%"))
          .as(secret)
          .isEqualTo("0");
    }
  }

  @Test
  void recordsAnActivationAndTheContactItAdds() {
    Accounts.Person person = accounts.person("PENDING", null);
    String flow =
        SelfService.json()
            .body(Map.of("numen", person.numen(), "birthDate", person.birthDate()))
            .post("/api/v1/activation")
            .path("flow");
    SelfService.json()
        .body(Map.of("flow", flow, "password", "Garrigue-Soleil-2026"))
        .post("/api/v1/activation/password")
        .then()
        .statusCode(200);
    String mailbox = TestData.surname("audit") + "@exemple.fr";
    SelfService.json()
        .body(Map.of("flow", flow, "channel", "EMAIL", "value", mailbox))
        .post("/api/v1/activation/contact")
        .then()
        .statusCode(200);
    SelfService.json()
        .body(Map.of("flow", flow, "code", SelfService.codeMailedTo(mailbox, 1)))
        .post("/api/v1/activation/contact/verification")
        .then()
        .statusCode(200);
    assertThat(events(person.id()))
        .isEqualTo(
            "ACCOUNT_ACTIVATED:SUCCESS:,CODE_SENT:SUCCESS:EMAIL,CONTACT_ADDED:SUCCESS:EMAIL,"
                + "CODE_VERIFIED:SUCCESS:");
  }
}
