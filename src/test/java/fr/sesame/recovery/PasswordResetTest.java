package fr.sesame.recovery;

import static fr.sesame.support.SelfService.antiBot;
import static fr.sesame.support.SelfService.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import fr.sesame.credentials.CredentialService;
import fr.sesame.support.Accounts;
import fr.sesame.support.MailAndSms;
import fr.sesame.support.SelfService;
import fr.sesame.support.TestClock;
import fr.sesame.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PasswordResetTest {

  private static final String NEW_PASSWORD = "Tramontane-Olivier-7319";

  @Inject Accounts accounts;
  @Inject CredentialService credentials;
  @Inject TestClock clock;

  @AfterEach
  void putTimeBack() {
    clock.reset();
  }

  private static Response start(Map<String, String> body) {
    return json().body(body).post("/api/v1/password-reset");
  }

  private static Response byLogin(String identifier) {
    return start(Map.of("identifier", identifier, "antiBot", antiBot()));
  }

  private static Response step(String path, Map<String, String> body) {
    return json().body(body).post("/api/v1/password-reset/" + path);
  }

  private static String mailbox() {
    return TestData.surname("secours") + "@exemple.fr";
  }

  private static String mobile() {
    return String.format("+336%08d", new java.util.Random().nextInt(100_000_000));
  }

  /** An active person with a verified recovery address; returns it. */
  private String withMailbox(Accounts.Person person) {
    String mailbox = mailbox();
    accounts.contact(person.staff(), "EMAIL", mailbox);
    return mailbox;
  }

  @Test
  void resetsByACodeMailedToTheRecoveryAddressAndEndsEverySession() throws Exception {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = withMailbox(person);
    String refresh =
        SelfService.login(person.staff().login(), Accounts.PASSWORD).path("refresh_token");

    String flow =
        byLogin(person.staff().address().toUpperCase())
            .then()
            .statusCode(201)
            .body("state", equalTo("CHOOSE_CHANNEL"))
            .body("options.size()", equalTo(1))
            .body("options[0].channel", equalTo("EMAIL"))
            .body("options[0].masked", equalTo(mailbox.charAt(0) + "•••@e•••.fr"))
            .extract()
            .path("flow");
    step("code", Map.of("flow", flow, "channel", "EMAIL"))
        .then()
        .statusCode(200)
        .body("state", equalTo("CODE_SENT"))
        .body("codeChannel", equalTo("EMAIL"))
        .body("resendAvailableAt", notNullValue());
    String code = SelfService.codeMailedTo(mailbox, 1);
    step(
            "verification",
            Map.of("flow", flow, "code", code.substring(0, 3) + " " + code.substring(3)))
        .then()
        .statusCode(200)
        .body("state", equalTo("VERIFIED"));
    step("password", Map.of("flow", flow, "password", Accounts.PASSWORD))
        .then()
        .statusCode(422)
        .body("violations[0].code", equalTo("password.reused"));
    step("password", Map.of("flow", flow, "password", NEW_PASSWORD))
        .then()
        .statusCode(200)
        .body("state", equalTo("DONE"))
        .body("login", equalTo(person.staff().login()))
        // No automatic login.
        .body("access_token", org.hamcrest.Matchers.nullValue());

    SelfService.login(person.staff().login(), Accounts.PASSWORD).then().statusCode(400);
    SelfService.login(person.staff().login(), NEW_PASSWORD).then().statusCode(200);
    RestAssured.given()
        .auth()
        .preemptive()
        .basic(SelfService.WEBMAIL, SelfService.WEBMAIL_SECRET)
        .formParam("grant_type", "refresh_token")
        .formParam("refresh_token", refresh)
        .post("/oauth2/token")
        .then()
        .statusCode(400);
    // Told everywhere: the académie mailbox and the recovery address.
    MimeMessage toMailbox = MailAndSms.mailsTo(person.staff().address(), 1).get(0);
    assertThat(toMailbox.getSubject()).isEqualTo("Votre mot de passe a été changé");
    assertThat(MailAndSms.mailsTo(mailbox, 2).get(1).getSubject())
        .isEqualTo("Votre mot de passe a été changé");
    // Done is done.
    step("password", Map.of("flow", flow, "password", "Encore-Un-Autre-2026!"))
        .then()
        .statusCode(409);
  }

  @Test
  void resetsByACodeTextedThroughTheGateway() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String number = mobile();
    accounts.contact(person.staff(), "SMS", number);
    String flow =
        byLogin(person.staff().login())
            .then()
            .statusCode(201)
            .body("options[0].channel", equalTo("SMS"))
            .body(
                "options[0].masked",
                equalTo("•• •• •• •• " + number.substring(number.length() - 2)))
            .extract()
            .path("flow");
    step("code", Map.of("flow", flow, "channel", "SMS")).then().statusCode(200);
    String code = SelfService.codeTextedTo(number, 1);
    step("verification", Map.of("flow", flow, "code", code)).then().statusCode(200);
    step("password", Map.of("flow", flow, "password", NEW_PASSWORD)).then().statusCode(200);
    assertThat(MailAndSms.smsTo(number, 2).get(1).text()).contains("a été changé");
  }

  @Test
  void answersAnUnknownIdentifierExactlyLikeARealOneAndSendsItNothing() {
    Accounts.Person noChannel = accounts.person("ACTIVE", null);
    Accounts.Person blocked = accounts.person("BLOCKED", "COMPROMISED");
    withMailbox(blocked);
    String unknown = "inconnu." + TestData.surname("x");
    for (String identifier : List.of(unknown, noChannel.staff().login(), blocked.staff().login())) {
      JsonPath first = byLogin(identifier).then().statusCode(201).extract().jsonPath();
      JsonPath again = byLogin(identifier).then().statusCode(201).extract().jsonPath();
      assertThat(first.getMap("$").keySet())
          .containsExactlyInAnyOrder("flow", "kind", "state", "expiresAt", "options");
      assertThat(first.getString("state")).isEqualTo("CHOOSE_CHANNEL");
      assertThat(first.getList("options")).isNotEmpty().isEqualTo(again.getList("options"));
      String channel = first.getString("options[0].channel");
      String flow = first.getString("flow");
      step("code", Map.of("flow", flow, "channel", channel))
          .then()
          .statusCode(200)
          .body("state", equalTo("CODE_SENT"));
      step("verification", Map.of("flow", flow, "code", "123456"))
          .then()
          .statusCode(422)
          .body("code", equalTo("code-invalid"));
      step("password", Map.of("flow", flow, "password", NEW_PASSWORD)).then().statusCode(409);
    }
    assertThat(
            accounts.text(
                "SELECT count(*) FROM outbox_message WHERE staff_id IN (?, ?)",
                noChannel.id(),
                blocked.id()))
        .isEqualTo("0");
  }

  private String codeSentTo(Accounts.Person person, String mailbox, int count) {
    return SelfService.codeMailedTo(mailbox, count);
  }

  private String flowWithCode(Accounts.Person person) {
    String flow = byLogin(person.staff().login()).path("flow");
    step("code", Map.of("flow", flow, "channel", "EMAIL")).then().statusCode(200);
    return flow;
  }

  @Test
  void fiveWrongCodesKillTheCodeEvenForTheRightOneAfter() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = withMailbox(person);
    String flow = flowWithCode(person);
    String code = codeSentTo(person, mailbox, 1);
    String wrong = code.equals("000000") ? "111111" : "000000";
    for (int i = 0; i < 5; i++) {
      step("verification", Map.of("flow", flow, "code", wrong))
          .then()
          .statusCode(422)
          .body("code", equalTo("code-invalid"));
    }
    step("verification", Map.of("flow", flow, "code", code))
        .then()
        .statusCode(422)
        .body("code", equalTo("code-attempts-exhausted"));
  }

  @Test
  void anExpiredCodeIsRefused() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = withMailbox(person);
    String flow = flowWithCode(person);
    String code = codeSentTo(person, mailbox, 1);
    clock.advance(Duration.ofMinutes(15).plusSeconds(1));
    step("verification", Map.of("flow", flow, "code", code))
        .then()
        .statusCode(422)
        .body("code", equalTo("code-expired"));
  }

  @Test
  void sixteenParallelSubmissionsOfTheRightCodeSucceedExactlyOnce() throws Exception {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = withMailbox(person);
    String flow = flowWithCode(person);
    String code = codeSentTo(person, mailbox, 1);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 16; i++) {
        Callable<Integer> submit =
            () -> {
              go.await();
              return step("verification", Map.of("flow", flow, "code", code)).statusCode();
            };
        answers.add(pool.submit(submit));
      }
      go.countDown();
      int successes = 0;
      for (Future<Integer> answer : answers) {
        int status = answer.get();
        if (status == 200) {
          successes++;
        } else {
          assertThat(status).isIn(409, 422);
        }
      }
      assertThat(successes).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aNewCodeVoidsTheOldOneAndComesOnlyAfterTheCooldown() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = withMailbox(person);
    String flow = flowWithCode(person);
    String first = codeSentTo(person, mailbox, 1);
    step("code", Map.of("flow", flow, "channel", "EMAIL"))
        .then()
        .statusCode(429)
        .body("code", equalTo("code-cooldown"))
        .header("Retry-After", notNullValue());
    clock.advance(Duration.ofSeconds(61));
    step("code", Map.of("flow", flow, "channel", "EMAIL")).then().statusCode(200);
    String second = codeSentTo(person, mailbox, 2);
    if (!first.equals(second)) {
      step("verification", Map.of("flow", flow, "code", first))
          .then()
          .statusCode(422)
          .body("code", equalTo("code-invalid"));
    }
    step("verification", Map.of("flow", flow, "code", second)).then().statusCode(200);
    // A code of another flow of the same person is void too.
    assertThat(
            accounts.text(
                "SELECT count(*) FROM one_time_code WHERE staff_id = ? AND consumed_at IS NULL"
                    + " AND voided_at IS NULL",
                person.id()))
        .isEqualTo("0");
  }

  @Test
  void noStepCanBeSkipped() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    withMailbox(person);
    String flow = byLogin(person.staff().login()).path("flow");
    step("password", Map.of("flow", flow, "password", NEW_PASSWORD))
        .then()
        .statusCode(409)
        .body("code", equalTo("flow-step-not-allowed"));
    step("verification", Map.of("flow", flow, "code", "123456")).then().statusCode(409);
    step("code", Map.of("flow", flow, "channel", "SMS"))
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-channel"));
    // The account id is never taken from the request: an unknown field is refused outright.
    step(
            "password",
            Map.of("flow", flow, "password", NEW_PASSWORD, "staffId", person.id().toString()))
        .then()
        .statusCode(400)
        .body("code", equalTo("unknown-field"));
  }

  @Test
  void getAndHeadNeverConsumeAnything() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = withMailbox(person);
    String flow = flowWithCode(person);
    String code = codeSentTo(person, mailbox, 1);
    for (String path : List.of("", "/code", "/verification", "/password", "/fallback")) {
      RestAssured.given()
          .queryParam("flow", flow)
          .queryParam("code", code)
          .get("/api/v1/password-reset" + path)
          .then()
          .statusCode(405);
      RestAssured.given()
          .queryParam("flow", flow)
          .queryParam("code", code)
          .head("/api/v1/password-reset" + path)
          .then()
          .statusCode(405);
    }
    step("verification", Map.of("flow", flow, "code", code)).then().statusCode(200);
  }

  @Test
  void aThrottledAccountCanStillResetItsPassword() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = withMailbox(person);
    for (int i = 0; i < 8; i++) {
      SelfService.login(person.staff().login(), "Mauvais-Mot-2026");
    }
    assertThat(credentials.failedAttempts(person.id())).isGreaterThanOrEqualTo(8);
    String flow = flowWithCode(person);
    step("verification", Map.of("flow", flow, "code", codeSentTo(person, mailbox, 1)))
        .then()
        .statusCode(200);
    step("password", Map.of("flow", flow, "password", NEW_PASSWORD)).then().statusCode(200);
    assertThat(credentials.failedAttempts(person.id())).isZero();
    SelfService.login(person.staff().login(), NEW_PASSWORD).then().statusCode(200);
  }

  @Test
  void theHostHeaderNeverReachesAMessage() throws Exception {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = withMailbox(person);
    String number = mobile();
    accounts.contact(person.staff(), "SMS", number);
    String flow =
        json()
            .header("Host", "evil.example")
            .header("X-Forwarded-Host", "evil.example")
            .body(Map.of("identifier", person.staff().login()))
            .post("/api/v1/password-reset")
            .path("flow");
    for (String channel : List.of("EMAIL", "SMS")) {
      clock.advance(Duration.ofSeconds(61));
      json()
          .header("Host", "evil.example")
          .header("X-Forwarded-Host", "evil.example")
          .header("Forwarded", "host=evil.example")
          .body(Map.of("flow", flow, "channel", channel))
          .post("/api/v1/password-reset/code")
          .then()
          .statusCode(200);
    }
    MimeMessage mail = MailAndSms.mailsTo(mailbox, 1).get(0);
    java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
    mail.writeTo(raw);
    assertThat(raw.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("evil");
    String sms = MailAndSms.smsTo(number, 1).get(0).text();
    assertThat(sms).doesNotContain("evil").endsWith("@localhost #" + sms.substring(0, 6));
  }

  @Test
  void byNumenABlockedAccountOrOneWithNoChannelIsSentToItsDsden() {
    Accounts.Person blocked = accounts.person("BLOCKED", "COMPROMISED");
    start(Map.of("numen", blocked.numen(), "birthDate", blocked.birthDate()))
        .then()
        .statusCode(403)
        .body("code", equalTo("account-blocked"))
        .body("contact.dsden", equalTo("DSDEN de l'Hérault"))
        .body("contact.service", equalTo("Division des personnels du premier degré"))
        .body("contact.phone", equalTo("04 67 00 00 34"));
    Accounts.Person lonely = accounts.person("ACTIVE", null);
    start(Map.of("numen", lonely.numen(), "birthDate", lonely.birthDate()))
        .then()
        .statusCode(403)
        .body("code", equalTo("dsden-required"))
        .body("contact.email", equalTo("personnels1d.dsden34@demo.ac-montpellier.fr"));
    // And in English when asked.
    json()
        .header("Accept-Language", "en")
        .body(Map.of("numen", lonely.numen(), "birthDate", lonely.birthDate()))
        .post("/api/v1/password-reset")
        .then()
        .statusCode(403)
        .body("title", equalTo("Contact your DSDEN"));
  }

  @Test
  void byNumenAWrongPairGetsOneRefusalAndARightOneItsRealOptions() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = withMailbox(person);
    Accounts.Person pending = accounts.person("PENDING", null);
    List<String> refusals = new ArrayList<>();
    for (String[] pair :
        new String[][] {
          {TestData.numen(), "17/04/1988"},
          {person.numen(), "18/04/1988"},
          {pending.numen(), pending.birthDate()}
        }) {
      Response refused = start(Map.of("numen", pair[0], "birthDate", pair[1]));
      assertThat(refused.statusCode()).isEqualTo(422);
      refusals.add(refused.asString());
    }
    assertThat(refusals).containsOnly(refusals.get(0));
    String flow =
        start(Map.of("numen", person.numen(), "birthDate", "1988-04-17"))
            .then()
            .statusCode(201)
            .body("options[0].masked", equalTo(mailbox.charAt(0) + "•••@e•••.fr"))
            .extract()
            .path("flow");
    // With a channel, NUMEN + birth date alone never stand in for the code.
    step("fallback", Map.of("flow", flow, "numen", person.numen(), "birthDate", person.birthDate()))
        .then()
        .statusCode(403)
        .body("code", equalTo("dsden-required"));
  }

  @Test
  void theHardenedSettingSendsPeopleWithoutAChannelToTheirDsden() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String flow = byLogin(person.staff().login()).path("flow");
    step("fallback", Map.of("flow", flow, "numen", person.numen(), "birthDate", person.birthDate()))
        .then()
        .statusCode(403)
        .body("code", equalTo("dsden-required"))
        .body("contact.dsden", equalTo("DSDEN de l'Hérault"));
    Accounts.Person other = accounts.person("ACTIVE", null);
    step("fallback", Map.of("flow", flow, "numen", other.numen(), "birthDate", other.birthDate()))
        .then()
        .statusCode(422)
        .body("code", equalTo("details-not-recognised"));
  }

  @Test
  void speaksEnglishWhenAsked() {
    json()
        .header("Accept-Language", "en-GB,en;q=0.9")
        .body(Map.of("numen", "nope", "birthDate", "17/04/1988"))
        .post("/api/v1/password-reset")
        .then()
        .statusCode(400)
        .body("title", equalTo("Invalid NUMEN"));
  }

  @Test
  void codesAreKeptOnlyAsSaltedDigestsAndLeaveTheOutboxOnceSent() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = withMailbox(person);
    String flow = flowWithCode(person);
    String code = codeSentTo(person, mailbox, 1);
    MailAndSms.waitFor(
        () ->
            "0"
                    .equals(
                        accounts.text(
                            "SELECT count(*) FROM outbox_message WHERE staff_id = ? AND sent_at IS NULL",
                            person.id()))
                ? ""
                : null,
        "the code's message marked sent");
    assertThat(
            accounts.text(
                "SELECT count(*) FROM outbox_message WHERE parameters::text LIKE ?",
                "%" + code + "%"))
        .isEqualTo("0");
    assertThat(
            accounts.text(
                "SELECT count(*) FROM one_time_code WHERE code_hash = sha256(convert_to(?, 'UTF8'))"
                    + " OR position(convert_to(?, 'UTF8') IN code_hash) > 0",
                code,
                code))
        .isEqualTo("0");
    assertThat(
            accounts.text(
                "SELECT count(*) FROM recovery_flow WHERE handle_hash = convert_to(?, 'UTF8')",
                flow))
        .isEqualTo("0");
  }

  @Test
  void aMobileNumberGetsFourCodesAnHourWhateverTheFlows() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String number = mobile();
    accounts.contact(person.staff(), "SMS", number);
    for (int i = 0; i < 4; i++) {
      String flow = byLogin(person.staff().login()).path("flow");
      step("code", Map.of("flow", flow, "channel", "SMS")).then().statusCode(200);
    }
    String fifth = byLogin(person.staff().login()).path("flow");
    step("code", Map.of("flow", fifth, "channel", "SMS"))
        .then()
        .statusCode(429)
        .body("code", equalTo("too-many-codes"));
    assertThat(MailAndSms.smsTo(number, 4)).hasSize(4);
  }
}
