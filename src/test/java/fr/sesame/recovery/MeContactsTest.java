package fr.sesame.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import fr.sesame.support.Accounts;
import fr.sesame.support.MailAndSms;
import fr.sesame.support.SelfService;
import fr.sesame.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MeContactsTest {

  @Inject Accounts accounts;

  private static RequestSpecification as(String token) {
    return SelfService.json().header("Authorization", "Bearer " + token);
  }

  @Test
  void addsThenReplacesThenRemovesARecoveryAddressTellingThePreviousOne() throws Exception {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String token =
        SelfService.login(person.staff().login(), Accounts.PASSWORD).path("access_token");
    String first = TestData.surname("un") + "@exemple.fr";
    String second = TestData.surname("deux") + "@exemple.org";

    as(token)
        .body(Map.of("channel", "EMAIL", "value", first, "currentPassword", "Mauvais-2026"))
        .post("/api/v1/me/contacts")
        .then()
        .statusCode(403)
        .body("code", equalTo("current-password-invalid"));
    String flow =
        as(token)
            .body(Map.of("channel", "EMAIL", "value", first, "currentPassword", Accounts.PASSWORD))
            .post("/api/v1/me/contacts")
            .then()
            .statusCode(201)
            .body("state", equalTo("CONTACT_CODE_SENT"))
            .extract()
            .path("flow");
    as(token)
        .body(Map.of("flow", flow, "code", SelfService.codeMailedTo(first, 1)))
        .post("/api/v1/me/contacts/verification")
        .then()
        .statusCode(200)
        .body("state", equalTo("DONE"))
        .body("contacts[0].masked", equalTo(first.charAt(0) + "•••@e•••.fr"));
    assertThat(MailAndSms.mailsTo(person.staff().address(), 1).get(0).getSubject())
        .isEqualTo("Un moyen de récupération a été enregistré");

    String replace =
        as(token)
            .body(Map.of("channel", "EMAIL", "value", second, "currentPassword", Accounts.PASSWORD))
            .post("/api/v1/me/contacts")
            .path("flow");
    as(token)
        .body(Map.of("flow", replace, "code", SelfService.codeMailedTo(second, 1)))
        .post("/api/v1/me/contacts/verification")
        .then()
        .statusCode(200);
    // The replaced address learns of it (its second message, after its code).
    assertThat(MailAndSms.mailsTo(first, 2).get(1).getSubject())
        .isEqualTo("Un moyen de récupération a été enregistré");
    as(token)
        .get("/api/v1/me/contacts")
        .then()
        .statusCode(200)
        .body("items.size()", equalTo(1))
        .body("items[0].masked", equalTo(second.charAt(0) + "•••@e•••.org"));

    as(token)
        .body(Map.of("channel", "EMAIL", "currentPassword", Accounts.PASSWORD))
        .post("/api/v1/me/contacts/removal")
        .then()
        .statusCode(204);
    assertThat(MailAndSms.mailsTo(second, 2).get(1).getSubject())
        .isEqualTo("Un moyen de récupération a été retiré");
    as(token).get("/api/v1/me/contacts").then().body("items.size()", equalTo(0));
    as(token)
        .body(Map.of("channel", "EMAIL", "currentPassword", Accounts.PASSWORD))
        .post("/api/v1/me/contacts/removal")
        .then()
        .statusCode(404);
  }

  @Test
  void refusesUnusableValuesAndOtherPeoplesFlows() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    Accounts.Person other = accounts.person("ACTIVE", null);
    String token =
        SelfService.login(person.staff().login(), Accounts.PASSWORD).path("access_token");
    String otherToken =
        SelfService.login(other.staff().login(), Accounts.PASSWORD).path("access_token");
    for (String[] bad :
        new String[][] {
          {"EMAIL", "moi@ac-montpellier.fr", "invalid-recovery-email"},
          {"EMAIL", "pas une adresse", "invalid-recovery-email"},
          {"EMAIL", "a@b.fr\r\nBcc: x@y.fr", "invalid-recovery-email"},
          {"SMS", "+44 7700 900123", "invalid-mobile"},
          {"SMS", "01 45 67 89 10", "invalid-mobile"},
          {"SMS", "0899 123 456", "invalid-mobile"},
          {"FAX", "0612345678", "invalid-channel"}
        }) {
      as(token)
          .body(Map.of("channel", bad[0], "value", bad[1], "currentPassword", Accounts.PASSWORD))
          .post("/api/v1/me/contacts")
          .then()
          .statusCode(400)
          .body("code", equalTo(bad[2]));
    }
    String flow =
        as(token)
            .body(
                Map.of(
                    "channel",
                    "SMS",
                    "value",
                    "06 12 34 56 78",
                    "currentPassword",
                    Accounts.PASSWORD))
            .post("/api/v1/me/contacts")
            .then()
            .statusCode(201)
            .extract()
            .path("flow");
    as(otherToken)
        .body(Map.of("flow", flow, "code", "123456"))
        .post("/api/v1/me/contacts/verification")
        .then()
        .statusCode(404);
    SelfService.json()
        .get("/api/v1/me/contacts")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", org.hamcrest.Matchers.containsString("invalid_token"));
  }
}
