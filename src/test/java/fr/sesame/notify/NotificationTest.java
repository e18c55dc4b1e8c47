package fr.sesame.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.support.Accounts;
import fr.sesame.support.FakeSmsGateway;
import fr.sesame.support.MailAndSms;
import fr.sesame.support.TestClock;
import fr.sesame.support.TestData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import jakarta.transaction.TransactionalException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class NotificationTest {

  @Inject NotificationService notifications;
  @Inject CourierService courier;
  @Inject Accounts accounts;
  @Inject TestClock clock;

  @AfterEach
  void putTimeBack() {
    clock.reset();
  }

  private static String address() {
    return TestData.surname("boite") + "@example.org";
  }

  private static String mobile() {
    return String.format("+336%08d", new java.util.Random().nextInt(100_000_000));
  }

  private UUID queue(Channel channel, String to, String kind, Map<String, String> parameters) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                notifications.send(
                    new Notification(channel, to, kind, "fr", parameters, null, null)));
  }

  private String state(UUID id) {
    return accounts.text(
        "SELECT CASE WHEN sent_at IS NOT NULL THEN 'SENT' WHEN discarded_at IS NOT NULL"
            + " THEN 'DISCARDED' ELSE 'PENDING' END || ':' || attempts || ':' || parameters::text"
            + " FROM outbox_message WHERE id = ?",
        id);
  }

  @Test
  void sendsAnEmailWithHtmlAndTextPartsOverRealSmtp() throws Exception {
    String to = address();
    UUID id = queue(Channel.EMAIL, to, "reset-code", Map.of("code", "428613", "minutes", "15"));

    MimeMessage mail = MailAndSms.mailsTo(to, 1).get(0);
    assertThat(mail.getSubject()).isEqualTo("Votre code pour réinitialiser votre mot de passe");
    assertThat(mail.getFrom()[0].toString()).contains("ne-pas-repondre@ac-montpellier.fr");
    assertThat(mail.getHeader("Message-ID")[0]).isEqualTo("<" + id + "@sesame>");
    assertThat(mail.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
    Multipart parts = (Multipart) mail.getContent();
    List<String> types = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    collect(parts, types, bodies);
    assertThat(types)
        .anyMatch(t -> t.startsWith("text/plain"))
        .anyMatch(t -> t.startsWith("text/html"));
    assertThat(bodies).allMatch(body -> body.contains("428613") && body.contains("15 minutes"));
    // Sent: the code no longer sits in the database. (GreenMail sometimes stalls a connection:
    // the courier then times out and sends again, so the attempts may be more than one.)
    MailAndSms.waitFor(() -> state(id).startsWith("SENT") ? state(id) : null, "sent mark");
    assertThat(state(id)).matches("SENT:[1-9][0-9]*:\\{}");
  }

  private static void collect(Multipart parts, List<String> types, List<String> bodies)
      throws Exception {
    for (int i = 0; i < parts.getCount(); i++) {
      var part = parts.getBodyPart(i);
      if (part.getContent() instanceof Multipart nested) {
        collect(nested, types, bodies);
      } else {
        types.add(part.getContentType().toLowerCase(java.util.Locale.ROOT));
        bodies.add(part.getContent().toString());
      }
    }
  }

  @Test
  void sendsAnSmsThroughTheGatewayWithItsKeyAndTheWebOtpLine() {
    String to = mobile();
    UUID id = queue(Channel.SMS, to, "reset-code", Map.of("code", "902211", "minutes", "10"));

    FakeSmsGateway.Sms sms = MailAndSms.smsTo(to, 1).get(0);
    assertThat(sms.text()).startsWith("902211 est votre code").endsWith("\n\n@localhost #902211");
    assertThat(sms.sender()).isEqualTo("ACADEMIE");
    assertThat(sms.reference()).isEqualTo(id.toString());
    assertThat(sms.idempotencyKey()).isEqualTo(id.toString());
  }

  @Test
  void aRolledBackChangeAnnouncesNothing() {
    String to = address();
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                notifications.send(
                    new Notification(
                        Channel.EMAIL, to, "password-changed", "fr", Map.of(), null, null));
                throw new IllegalStateException("the change failed");
              });
    } catch (IllegalStateException expected) {
      // rolled back
    }
    assertThat(accounts.text("SELECT count(*) FROM outbox_message WHERE recipient = ?", to))
        .isEqualTo("0");
  }

  @Test
  void refusesToQueueOutsideATransaction() {
    org.junit.jupiter.api.Assertions.assertThrows(
        TransactionalException.class,
        () ->
            notifications.send(
                new Notification(
                    Channel.EMAIL, address(), "password-changed", "fr", Map.of(), null, null)));
  }

  @Test
  void aGatewayOutageDelaysTheSmsWhichLeavesOnceItEnds() {
    String to = mobile();
    MailAndSms.sms().failNext(3, 503);
    UUID id = queue(Channel.SMS, to, "password-changed", Map.of("login", "jdupont"));

    assertThat(MailAndSms.smsTo(to, 1)).hasSize(1);
    MailAndSms.waitFor(() -> state(id).startsWith("SENT") ? state(id) : null, "sent mark");
    assertThat(Integer.parseInt(state(id).split(":")[1])).isGreaterThanOrEqualTo(4);
    assertThat(MailAndSms.sms().to(to)).hasSize(1);
  }

  @Test
  void anSmtpOutageDelaysTheEmailWhichLeavesOnceItEnds() {
    String to = address();
    MailAndSms.smtp().stop();
    UUID id;
    try {
      id =
          queue(
              Channel.EMAIL,
              to,
              "password-changed",
              Map.of("login", "jdupont", "when", "1er décembre"));
      UUID queued = id;
      MailAndSms.waitFor(
          () -> Integer.parseInt(state(queued).split(":")[1]) >= 2 ? "" : null, "two attempts");
      assertThat(state(id)).startsWith("PENDING");
    } finally {
      MailAndSms.smtp().start();
    }
    assertThat(MailAndSms.mailsTo(to, 1)).hasSize(1);
  }

  @Test
  void aMessageRefusedByTheGatewayIsDroppedNotRetriedForever() {
    String to = mobile();
    MailAndSms.sms().failNext(1, 400);
    UUID id = queue(Channel.SMS, to, "password-changed", Map.of("login", "jdupont"));
    MailAndSms.waitFor(
        () -> state(id).startsWith("DISCARDED") ? state(id) : null, "discarded mark");
    assertThat(accounts.text("SELECT last_error FROM outbox_message WHERE id = ?", id))
        .isEqualTo("REFUSED_400");
  }

  @Test
  void aCodeThatExpiredUnsentIsDiscardedAndErased() {
    String to = mobile();
    MailAndSms.sms().failNext(1_000, 503);
    UUID id;
    try {
      id =
          QuarkusTransaction.requiringNew()
              .call(
                  () ->
                      notifications.send(
                          new Notification(
                              Channel.SMS,
                              to,
                              "reset-code",
                              "fr",
                              Map.of("code", "111222", "minutes", "15"),
                              null,
                              clock.instant().plus(Duration.ofMinutes(15)))));
      UUID queued = id;
      MailAndSms.waitFor(
          () -> Integer.parseInt(state(queued).split(":")[1]) >= 1 ? "" : null, "one attempt");
      clock.advance(Duration.ofMinutes(16));
      accounts.sql("UPDATE outbox_message SET next_attempt_at = now() WHERE id = ?", id);
      MailAndSms.waitFor(
          () -> state(queued).startsWith("DISCARDED") ? state(queued) : null, "discarded");
    } finally {
      MailAndSms.sms().failNext(0, 503);
    }
    assertThat(state(id)).endsWith(":{}");
    assertThat(MailAndSms.sms().to(to)).isEmpty();
  }

  @Test
  void parallelCouriersSendEachMessageOnce() throws Exception {
    List<String> recipients = new ArrayList<>();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              for (int i = 0; i < 40; i++) {
                String to = mobile();
                recipients.add(to);
                notifications.send(
                    new Notification(
                        Channel.SMS,
                        to,
                        "identifier",
                        "fr",
                        Map.of("login", "jdupont"),
                        null,
                        null));
              }
            });
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> drains = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        drains.add(pool.submit(() -> courier.drainBatch()));
      }
      for (Future<Integer> drain : drains) {
        drain.get();
      }
    } finally {
      pool.shutdown();
    }
    for (String to : recipients) {
      assertThat(MailAndSms.smsTo(to, 1)).hasSize(1);
    }
    Thread.sleep(500);
    for (String to : recipients) {
      assertThat(MailAndSms.sms().to(to)).as(to).hasSize(1);
    }
  }

  @Test
  void theDevInboxListsWhatWasSent() {
    String to = address();
    queue(Channel.EMAIL, to, "identifier", Map.of("login", "mdurand", "address", "m@x"));
    MailAndSms.mailsTo(to, 1);
    MailAndSms.waitFor(
        () ->
            given().accept("application/json").get("/dev/messages").asString().contains(to)
                ? ""
                : null,
        "dev inbox");
    given()
        .accept("text/html")
        .get("/dev/messages")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.containsString("mdurand"));
  }
}
