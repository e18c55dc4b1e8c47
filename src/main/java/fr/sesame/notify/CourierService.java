package fr.sesame.notify;

import fr.sesame.platform.BackgroundJob;
import fr.sesame.platform.BackgroundJobs;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The courier: sends what the outbox holds, right after each commit and at every poll, and retries
 * failures with a doubling delay (capped), so that a message queued during an SMTP or gateway
 * outage leaves soon after it ends. Replicas share the work without sending a message twice: each
 * claims a batch for a lease with FOR UPDATE SKIP LOCKED. A replica that dies after sending but
 * before recording it leaves the message to be sent again when the lease ends (at least once); the
 * outbox id rides along as Message-ID and Idempotency-Key so that receivers can drop the copy.
 */
@ApplicationScoped
class CourierService {

  private static final Logger LOG = Logger.getLogger(CourierService.class);

  private final OutboxRepository outbox;
  private final MessageRenderer renderer;
  private final Mailer mailer;
  private final SmsGateway gateway;
  private final DevInbox inbox;
  private final NotifyConfig config;
  private final Clock clock;
  private final MeterRegistry registry;
  private final BackgroundJobs jobs;
  private final AtomicLong backlog = new AtomicLong();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "sesame-courier");
            thread.setDaemon(true);
            return thread;
          });
  private final ExecutorService senders;
  private final AtomicBoolean requested = new AtomicBoolean();

  CourierService(
      OutboxRepository outbox,
      MessageRenderer renderer,
      Mailer mailer,
      SmsGateway gateway,
      DevInbox inbox,
      NotifyConfig config,
      Clock clock,
      MeterRegistry registry,
      BackgroundJobs jobs) {
    this.registry = registry;
    this.jobs = jobs;
    this.outbox = outbox;
    this.renderer = renderer;
    this.mailer = mailer;
    this.gateway = gateway;
    this.inbox = inbox;
    this.config = config;
    this.clock = clock;
    AtomicInteger number = new AtomicInteger();
    this.senders =
        Executors.newFixedThreadPool(
            config.senders(),
            task -> {
              Thread thread = new Thread(task, "sesame-sender-" + number.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  void onQueued(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) NotificationService.Queued queued) {
    wake();
  }

  @BackgroundJob
  @Scheduled(
      every = "${sesame.notify.poll-every}",
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    wake();
    try {
      backlog.set(outbox.backlog());
    } catch (RuntimeException e) {
      // The gauge keeps its last value; the poll itself goes on.
    }
  }

  /** The backlog gauge, read by Prometheus from the last poll (every replica sees the same). */
  void registerGauge(@Observes io.quarkus.runtime.StartupEvent start) {
    Gauge.builder("sesame.outbox.backlog", backlog, AtomicLong::get)
        .description("Messages accepted into the outbox and not yet sent")
        .register(registry);
  }

  void onStop(@Observes ShutdownEvent stop) {
    worker.shutdown();
    senders.shutdown();
  }

  /** Asks for a drain; requests made while one runs are folded into one more. */
  void wake() {
    if (requested.compareAndSet(false, true) && !worker.isShutdown()) {
      try {
        worker.execute(this::drain);
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        requested.set(false);
      }
    }
  }

  /** Sends batches until the outbox is empty or the replica stops, which waits for the batch. */
  private void drain() {
    requested.set(false);
    try {
      jobs.call(
          () -> {
            while (drainBatch() == config.batchSize() && !jobs.stopping()) {
              // A full batch: there may be more.
            }
            return null;
          },
          null);
    } catch (Exception e) {
      LOG.warnf("Outbox not drained (%s); next poll will retry", e.getClass().getSimpleName());
    }
  }

  /**
   * Sends one batch, several messages at once (each SMTP or gateway exchange is mostly waiting on
   * the network); returns how many messages it claimed.
   */
  int drainBatch() {
    Instant now = clock.instant();
    List<OutboxRepository.Claimed> batch =
        outbox.claim(config.batchSize(), now, now.plus(config.lease()));
    List<Future<?>> sending = new ArrayList<>(batch.size());
    for (OutboxRepository.Claimed message : batch) {
      sending.add(senders.submit(() -> deliver(message)));
    }
    for (Future<?> sent : sending) {
      try {
        sent.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return batch.size();
      } catch (ExecutionException e) {
        // deliver() records its own failures; anything else waits for the lease to end.
        LOG.warnf("Message not delivered (%s)", e.getCause().getClass().getSimpleName());
      }
    }
    return batch.size();
  }

  private void deliver(OutboxRepository.Claimed message) {
    if (message.discardAfter() != null && clock.instant().isAfter(message.discardAfter())) {
      outbox.discarded(message.id(), clock.instant());
      LOG.infof("Message %s (%s) discarded: it expired unsent", message.id(), message.kind());
      return;
    }
    try {
      switch (message.channel()) {
        case EMAIL -> email(message);
        case SMS -> sms(message);
      }
      outbox.sent(message.id(), clock.instant());
      registry
          .counter(
              "sesame.notifications.sent",
              "channel",
              message.channel().name(),
              "kind",
              message.kind())
          .increment();
      if (message.channel() == Channel.SMS) {
        registry.counter("sesame.sms.spend.euros").increment(config.sms().unitCostEuros());
      }
    } catch (SmsGateway.Refused refused) {
      registry
          .counter("sesame.notifications.failed", "channel", message.channel().name())
          .increment();
      outbox.failed(message.id(), clock.instant(), "REFUSED_" + refused.status);
      outbox.discarded(message.id(), clock.instant());
      LOG.warnf("Message %s (%s) refused by the SMS gateway", message.id(), message.kind());
    } catch (RuntimeException e) {
      registry
          .counter("sesame.notifications.failed", "channel", message.channel().name())
          .increment();
      Instant next = clock.instant().plus(backoff(message.attempts()));
      outbox.failed(message.id(), next, e.getClass().getSimpleName());
      LOG.warnf(
          "Message %s (%s, %s) not sent, attempt %d (%s); next try at %s",
          message.id(),
          message.kind(),
          message.channel(),
          message.attempts(),
          e.getClass().getSimpleName(),
          next);
    }
  }

  private void email(OutboxRepository.Claimed message) {
    MessageRenderer.Email email =
        renderer.email(message.kind(), message.language(), message.parameters());
    mailer.send(
        Mail.withHtml(message.recipient(), email.subject(), email.html())
            .setText(email.text())
            .setFrom(config.email().from())
            .addHeader("Message-ID", "<" + message.id() + "@sesame>")
            // RFC 3834: no vacation reply to an automatic message.
            .addHeader("Auto-Submitted", "auto-generated"));
    keep(message, email.subject(), email.text());
  }

  private void sms(OutboxRepository.Claimed message) {
    String text = renderer.sms(message.kind(), message.language(), message.parameters());
    if (gateway.configured()) {
      gateway.send(message.id(), message.recipient(), text);
    } else if (!config.devInbox()) {
      throw new IllegalStateException("no SMS gateway configured");
    }
    keep(message, null, text);
  }

  private void keep(OutboxRepository.Claimed message, String subject, String text) {
    if (config.devInbox()) {
      inbox.add(
          new DevInbox.Entry(
              message.id(),
              clock.instant(),
              message.channel(),
              message.recipient(),
              subject,
              text));
    }
  }

  Duration backoff(int attempts) {
    Duration delay =
        config.firstRetry().multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
    return delay.compareTo(config.maxRetry()) > 0 ? config.maxRetry() : delay;
  }
}
