package fr.sesame.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The real peers of the notifications, for every test: a GreenMail SMTP server that receives the
 * e-mails over the wire, and a {@link FakeSmsGateway}. Started once for the whole run.
 */
@QuarkusTestResource(value = MailAndSms.class, restrictToAnnotatedClass = false)
public class MailAndSms implements QuarkusTestResourceLifecycleManager {

  private static GreenMail smtp;
  private static FakeSmsGateway sms;

  @Override
  public synchronized Map<String, String> start() {
    if (smtp == null) {
      smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      smtp.start();
      sms = FakeSmsGateway.start();
    }
    return Map.of(
        "quarkus.mailer.host",
        "127.0.0.1",
        "quarkus.mailer.port",
        Integer.toString(smtp.getSmtp().getPort()),
        "quarkus.mailer.start-tls",
        "DISABLED",
        "sesame.notify.sms.gateway-url",
        sms.url(),
        "sesame.notify.sms.auth-header",
        "X-Api-Key",
        "sesame.notify.sms.auth-value",
        FakeSmsGateway.API_KEY);
  }

  @Override
  public void stop() {
    // Kept for the whole run: several Quarkus restarts (test profiles) share it.
  }

  public static GreenMail smtp() {
    return smtp;
  }

  public static FakeSmsGateway sms() {
    return sms;
  }

  /** The e-mails received for {@code address}, once {@code count} of them have arrived. */
  public static List<MimeMessage> mailsTo(String address, int count) {
    return waitFor(
        () -> {
          List<MimeMessage> found =
              Arrays.stream(smtp.getReceivedMessages())
                  .filter(message -> isFor(message, address))
                  .toList();
          return found.size() >= count ? found : null;
        },
        "e-mail for " + address);
  }

  /** The SMS received for {@code number}, once {@code count} of them have arrived. */
  public static List<FakeSmsGateway.Sms> smsTo(String number, int count) {
    return waitFor(
        () -> {
          List<FakeSmsGateway.Sms> found = sms.to(number);
          return found.size() >= count ? found : null;
        },
        "SMS for " + number);
  }

  /**
   * Polls until {@code probe} gives a value (the courier is asynchronous); 60 s at most, a wait for
   * work to happen, never a measure of how long it took.
   */
  public static <T> T waitFor(Supplier<T> probe, String what) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("Nothing arrived in 60 s: " + what);
  }

  private static boolean isFor(MimeMessage message, String address) {
    try {
      Address[] to = message.getAllRecipients();
      return to != null && Arrays.stream(to).anyMatch(a -> a.toString().contains(address));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
