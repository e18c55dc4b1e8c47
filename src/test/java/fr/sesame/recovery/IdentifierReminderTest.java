package fr.sesame.recovery;

import static fr.sesame.support.SelfService.json;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.support.Accounts;
import fr.sesame.support.MailAndSms;
import fr.sesame.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdentifierReminderTest {

  @Inject Accounts accounts;

  private static Response remind(String numen, String birthDate) {
    return json()
        .body(Map.of("numen", numen, "birthDate", birthDate))
        .post("/api/v1/identifier-reminder");
  }

  @Test
  void sendsTheLoginToEveryVerifiedChannel() throws Exception {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = TestData.surname("rappel") + "@exemple.fr";
    String number = String.format("+336%08d", new java.util.Random().nextInt(100_000_000));
    accounts.contact(person.staff(), "EMAIL", mailbox);
    accounts.contact(person.staff(), "SMS", number);
    remind(person.numen(), person.birthDate()).then().statusCode(202);
    var mail = MailAndSms.mailsTo(mailbox, 1).get(0);
    assertThat(mail.getSubject()).isEqualTo("Votre identifiant");
    assertThat(MailAndSms.smsTo(number, 1).get(0).text()).endsWith(person.staff().login());
  }

  @Test
  void answersTheSameWhateverTheDetailsOpen() {
    Accounts.Person withChannel = accounts.person("ACTIVE", null);
    accounts.contact(withChannel.staff(), "EMAIL", TestData.surname("r") + "@exemple.fr");
    Accounts.Person without = accounts.person("ACTIVE", null);
    Accounts.Person blocked = accounts.person("BLOCKED", "SPAM");
    List<String> bodies = new ArrayList<>();
    for (String[] pair :
        new String[][] {
          {withChannel.numen(), withChannel.birthDate()},
          {withChannel.numen(), "01/01/1990"},
          {without.numen(), without.birthDate()},
          {blocked.numen(), blocked.birthDate()},
          {TestData.numen(), "01/01/1990"}
        }) {
      Response answer = remind(pair[0], pair[1]);
      assertThat(answer.statusCode()).isEqualTo(202);
      bodies.add(answer.asString());
    }
    assertThat(bodies).containsOnly(bodies.get(0));
  }
}
