package fr.sesame.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Notifications: the outbox courier, e-mail and the SMS gateway. */
@ConfigMapping(prefix = "sesame.notify")
public interface NotifyConfig {

  /** How often each replica looks for messages to send, besides right after each commit. */
  @WithDefault("PT5S")
  Duration pollEvery();

  /** How long a replica owns the messages it claimed before another may take them over. */
  @WithDefault("PT1M")
  Duration lease();

  /** Messages claimed at once. */
  @WithDefault("50")
  int batchSize();

  /**
   * Messages of a batch sent at once by each replica (SMTP connections are pooled: keep it at or
   * under {@code quarkus.mailer.max-pool-size}).
   */
  @WithDefault("8")
  int senders();

  /** Delay before the first retry; it doubles at each failure. */
  @WithDefault("PT5S")
  Duration firstRetry();

  /** Longest delay between two attempts: an outage is caught up on this soon after it ends. */
  @WithDefault("PT5M")
  Duration maxRetry();

  /**
   * Keeps the last messages sent in memory for the {@code /dev/messages} page, and takes SMS there
   * when no gateway is configured. Dev and test runs only.
   */
  @WithDefault("false")
  boolean devInbox();

  /** E-mail. */
  Email email();

  /** SMS. */
  Sms sms();

  /** E-mail through SMTP (quarkus.mailer.host, port, username, password, tls…). */
  interface Email {

    /** The sender shown to staff, e.g. {@code "Sésame <ne-pas-repondre@ac-montpellier.fr>"}. */
    @WithDefault("Sésame <ne-pas-repondre@${sesame.academie.mail-domain}>")
    String from();
  }

  /**
   * SMS through an HTTP gateway that takes one JSON POST per message. Without a URL, SMS is off: no
   * mobile number can be registered (the dev run keeps them in its inbox page instead).
   */
  interface Sms {

    /** The gateway's endpoint, e.g. {@code https://api.brevo.com/v3/transactionalSMS/sms}. */
    Optional<String> gatewayUrl();

    /** Header that carries the gateway's credentials, e.g. {@code api-key} or {@code X-Api-Key}. */
    @WithDefault("Authorization")
    String authHeader();

    /** Value of that header (a secret: from the environment or a mounted file). */
    Optional<String> authValue();

    /**
     * The JSON body, with {@code {to}} (E.164 number), {@code {text}}, {@code {sender}} and {@code
     * {id}} (the message's idempotency key) replaced by JSON-escaped values.
     */
    @WithDefault(
        "{\"to\":\"{to}\",\"text\":\"{text}\",\"sender\":\"{sender}\",\"reference\":\"{id}\"}")
    String body();

    /** Sender name shown on phones (11 letters at most with most operators). */
    @WithDefault("ACADEMIE")
    String sender();

    /** Connection timeout. */
    @WithDefault("PT5S")
    Duration connectTimeout();

    /** Read timeout. */
    @WithDefault("PT10S")
    Duration readTimeout();

    /**
     * What one SMS costs, in euros, for the spend metric (sesame_sms_spend_euros_total): SMS
     * pumping shows there first. French gateways charge about 0.04 to 0.08.
     */
    @WithDefault("0.05")
    double unitCostEuros();
  }
}
