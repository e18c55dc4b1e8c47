package fr.sesame.notify;

import fr.sesame.platform.Uuids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Queues e-mails and SMS in the outbox, inside the transaction of the change they announce (a
 * transaction is required): the message exists if and only if the change committed, and the courier
 * sends it after the commit, with retries until it is delivered.
 */
@ApplicationScoped
public class NotificationService {

  /** Fired after a message was queued; the courier starts sending once the transaction commits. */
  record Queued(UUID id) {}

  private final OutboxRepository outbox;
  private final NotifyConfig config;
  private final SmsGateway gateway;
  private final Event<Queued> queued;
  private final Clock clock;
  private final SecureRandom random;

  NotificationService(
      OutboxRepository outbox,
      NotifyConfig config,
      SmsGateway gateway,
      Event<Queued> queued,
      Clock clock,
      SecureRandom random) {
    this.outbox = outbox;
    this.config = config;
    this.gateway = gateway;
    this.queued = queued;
    this.clock = clock;
    this.random = random;
  }

  /** Queues a message in the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public UUID send(Notification message) {
    UUID id = Uuids.v7(clock, random);
    outbox.insert(id, message, clock.instant());
    queued.fire(new Queued(id));
    return id;
  }

  /** Whether SMS can be sent at all (a gateway is configured, or the dev inbox takes them). */
  public boolean smsAvailable() {
    return gateway.configured() || config.devInbox();
  }
}
