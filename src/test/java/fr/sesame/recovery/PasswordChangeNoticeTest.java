package fr.sesame.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.support.Accounts;
import fr.sesame.support.MailAndSms;
import fr.sesame.support.SelfService;
import fr.sesame.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whoever changes a password, its owner is told on every channel; a first password is not news. */
@QuarkusTest
class PasswordChangeNoticeTest {

  @Inject Accounts accounts;

  @Test
  void aChangeThroughAWebmailFrontIsAnnouncedOnEveryChannel() throws Exception {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = TestData.surname("avis") + "@exemple.fr";
    String number = String.format("+336%08d", new java.util.Random().nextInt(100_000_000));
    accounts.contact(person.staff(), "EMAIL", mailbox);
    accounts.contact(person.staff(), "SMS", number);
    String token =
        SelfService.login(person.staff().login(), Accounts.PASSWORD).path("access_token");
    SelfService.json()
        .header("Authorization", "Bearer " + token)
        .body(Map.of("currentPassword", Accounts.PASSWORD, "newPassword", "Olivette-Garrigue-8841"))
        .post("/api/v1/me/password")
        .then()
        .statusCode(204);
    assertThat(MailAndSms.mailsTo(person.staff().address(), 1).get(0).getSubject())
        .isEqualTo("Votre mot de passe a été changé");
    assertThat(MailAndSms.mailsTo(mailbox, 1).get(0).getSubject())
        .isEqualTo("Votre mot de passe a été changé");
    assertThat(MailAndSms.smsTo(number, 1).get(0).text()).contains(person.staff().login());
  }

  @Test
  void aRefusedChangeAnnouncesNothing() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String token =
        SelfService.login(person.staff().login(), Accounts.PASSWORD).path("access_token");
    SelfService.json()
        .header("Authorization", "Bearer " + token)
        .body(Map.of("currentPassword", Accounts.PASSWORD, "newPassword", "court"))
        .post("/api/v1/me/password")
        .then()
        .statusCode(422);
    assertThat(accounts.text("SELECT count(*) FROM outbox_message WHERE staff_id = ?", person.id()))
        .isEqualTo("0");
  }

  @Test
  void theFirstPasswordOfAnActivationIsNotAnnouncedAsAChange() {
    Accounts.Person person = accounts.person("PENDING", null);
    String flow =
        SelfService.json()
            .body(Map.of("numen", person.numen(), "birthDate", person.birthDate()))
            .post("/api/v1/activation")
            .path("flow");
    SelfService.json()
        .body(Map.of("flow", flow, "password", "Olivette-Garrigue-8841"))
        .post("/api/v1/activation/password")
        .then()
        .statusCode(200);
    assertThat(
            accounts.text(
                "SELECT count(*) FROM outbox_message WHERE staff_id = ? AND kind = 'password-changed'",
                person.id()))
        .isEqualTo("0");
  }
}
