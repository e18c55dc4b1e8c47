package fr.sesame.ops;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.support.Accounts;
import fr.sesame.support.Management;
import fr.sesame.support.SelfService;
import fr.sesame.support.TestData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What operators alert on is on /q/metrics: logins and failures, throttling, sends, backlog. */
@QuarkusTest
class MetricsTest {

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Inject Accounts accounts;

  @Test
  void countsLoginsFailuresAndSendsAndShowsTheOutboxBacklog() throws Exception {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = TestData.surname("metrique") + "@exemple.fr";
    accounts.contact(person.staff(), "EMAIL", mailbox);
    SelfService.login(person.staff().login(), "Mauvais-Mot-2026").then().statusCode(400);
    SelfService.login(person.staff().login(), Accounts.PASSWORD).then().statusCode(200);
    SelfService.resetWithMailedCode(person.staff().login());
    SelfService.codeMailedTo(mailbox, 1);
    String metrics = metrics();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!metrics.contains(
            "sesame_notifications_sent_total{channel=\"EMAIL\",kind=\"reset-code\"")
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      metrics = metrics();
    }
    assertThat(metrics)
        .contains(
            "sesame_logins_total{kind=\"LOGIN\",reason=\"WRONG_PASSWORD\",result=\"failure\"}")
        .contains("sesame_logins_total{kind=\"LOGIN\",reason=\"none\",result=\"success\"}")
        .contains("sesame_notifications_sent_total{channel=\"EMAIL\",kind=\"reset-code\"")
        .contains("sesame_outbox_backlog");
  }

  private String metrics() {
    return Management.given(management)
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }
}
