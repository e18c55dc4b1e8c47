package fr.sesame.recovery;

import fr.sesame.audit.AuditEvent;
import fr.sesame.audit.AuditService;
import fr.sesame.directory.AccountView;
import fr.sesame.notify.Channel;
import fr.sesame.notify.Notification;
import fr.sesame.notify.NotificationService;
import fr.sesame.platform.BackgroundJob;
import fr.sesame.platform.Uuids;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What every self-service flow shares: opaque handles, steps checked against the persisted state,
 * one-time codes (issued, counted, compared, consumed) and request limits.
 *
 * <p>Codes follow SECURITY.md: six digits from SecureRandom, 15 minutes, 5 attempts counted before
 * the comparison, consumed by one conditional UPDATE, a new one voiding the old, a resend cooldown.
 * A decoy flow goes through exactly the same steps with a code that reaches no one.
 */
@ApplicationScoped
class FlowService {

  private static final Base64.Encoder HANDLE = Base64.getUrlEncoder().withoutPadding();

  private final FlowRepository flows;
  private final CodeRepository codes;
  private final RateLimits limits;
  private final ServerSecrets secrets;
  private final NotificationService notifications;
  private final RecoveryConfig config;
  private final AuditService audit;
  private final Clock clock;
  private final SecureRandom random;
  private final io.micrometer.core.instrument.MeterRegistry registry;

  private final fr.sesame.platform.OneReplica oneReplica;

  FlowService(
      fr.sesame.platform.OneReplica oneReplica,
      FlowRepository flows,
      CodeRepository codes,
      RateLimits limits,
      ServerSecrets secrets,
      NotificationService notifications,
      RecoveryConfig config,
      AuditService audit,
      Clock clock,
      SecureRandom random,
      io.micrometer.core.instrument.MeterRegistry registry) {
    this.oneReplica = oneReplica;
    this.registry = registry;
    this.audit = audit;
    this.flows = flows;
    this.codes = codes;
    this.limits = limits;
    this.secrets = secrets;
    this.notifications = notifications;
    this.config = config;
    this.clock = clock;
    this.random = random;
  }

  /** A flow just created, with the handle its client will present (kept only as a digest). */
  record Started(Flow flow, String handle) {}

  Started create(
      Flow.Kind kind,
      Flow.State state,
      UUID staffId,
      boolean deliverable,
      String subject,
      List<FlowOption> options,
      Channel pendingChannel,
      String pendingValue,
      String language) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String handle = HANDLE.encodeToString(bytes);
    Instant now = clock.instant();
    Flow flow =
        new Flow(
            Uuids.v7(clock, random),
            kind,
            state,
            staffId,
            deliverable,
            subject,
            List.copyOf(options),
            null,
            pendingChannel,
            pendingValue,
            language,
            now.plus(config.flowLifetime()));
    flows.create(flow, sha256(handle.getBytes(StandardCharsets.US_ASCII)), now);
    return new Started(flow, handle);
  }

  /** The live flow of a handle, of the expected kind; 404 otherwise (unknown, expired, other). */
  Flow find(String handle, Flow.Kind kind) {
    if (handle == null || handle.length() != 43) {
      throw RecoveryRefused.of(404, "flow-not-found");
    }
    return flows
        .find(sha256(handle.getBytes(StandardCharsets.US_ASCII)), clock.instant())
        .filter(flow -> flow.kind() == kind)
        .orElseThrow(() -> RecoveryRefused.of(404, "flow-not-found"));
  }

  /** Takes a step: the flow must be in one of {@code from}, or the step is refused (409). */
  void advance(
      Flow flow,
      Set<Flow.State> from,
      Flow.State to,
      Channel codeChannel,
      Channel pendingChannel,
      String pendingValue) {
    if (!flows.advance(
        flow.id(), from, to, codeChannel, pendingChannel, pendingValue, clock.instant())) {
      throw RecoveryRefused.of(409, "flow-step-not-allowed");
    }
  }

  /** Refuses a step unless the flow stands in one of {@code states}. */
  static void require(Flow flow, Flow.State... states) {
    if (!List.of(states).contains(flow.state())) {
      throw RecoveryRefused.of(409, "flow-step-not-allowed");
    }
  }

  FlowView view(Flow flow, String handle, Flow.State state, Instant resendAt) {
    String sentTo = null;
    if (flow.pendingValue() != null) {
      sentTo = ContactValues.mask(flow.pendingChannel(), flow.pendingValue());
    } else if (flow.codeChannel() != null && state == Flow.State.CODE_SENT) {
      sentTo =
          flow.options().stream()
              .filter(option -> option.channel() == flow.codeChannel())
              .map(FlowOption::masked)
              .findFirst()
              .orElse(null);
    }
    return new FlowView(
        handle,
        flow.kind().name(),
        state.name(),
        flow.expiresAt(),
        flow.options().isEmpty() ? null : flow.options(),
        flow.codeChannel() == null ? null : flow.codeChannel().name(),
        sentTo,
        resendAt,
        null,
        null,
        null);
  }

  /** When the next code may be asked for in this flow, if a code was sent. */
  Instant resendAt(Flow flow) {
    return codes
        .issuedAt(flow.id())
        .map(at -> at.plus(config.codes().resendCooldown()))
        .orElse(null);
  }

  /**
   * Counts one identification request (activation, reset, identifier) against the client's address,
   * stricter without an anti-bot solution, against the whole service, and against the given keys;
   * refuses with one message whatever the identity behind it.
   */
  void limitIdentification(
      String clientAddress, boolean antiBotSolved, List<RateLimits.Limit> extra) {
    RecoveryConfig.Limits l = config.limits();
    List<RateLimits.Limit> all = new ArrayList<>(extra);
    all.add(new RateLimits.Limit("id:global", l.global(), l.window()));
    if (clientAddress != null) {
      all.add(new RateLimits.Limit("id:ip:" + clientAddress, l.perAddress(), l.window()));
      if (!antiBotSolved) {
        all.add(
            new RateLimits.Limit(
                "id:ip-no-antibot:" + clientAddress, l.perAddressWithoutAntiBot(), l.window()));
      }
    }
    if (!limits.allow(all)) {
      registry.counter("sesame.recovery.throttled").increment();
      audit.record(
          AuditEvent.failure("RECOVERY_REQUEST", "too-many-requests", null, clientAddress));
      throw RecoveryRefused.later("too-many-requests", l.window().toSeconds());
    }
  }

  /** A limit on a NUMEN as typed, under a keyed digest (the NUMEN never sits in the table). */
  RateLimits.Limit perNumen(String numen) {
    return new RateLimits.Limit(
        "numen:" + digest("numen", numen), config.limits().perNumen(), config.limits().window());
  }

  /** A keyed digest of something typed, to count or derive from it without keeping it. */
  String digest(String purpose, String value) {
    return HexFormat.of().formatHex(hmac(secrets.get("limits"), purpose + ":" + value), 0, 16);
  }

  byte[] decoyKey() {
    return secrets.get("decoys");
  }

  /**
   * Sends a fresh code for this flow to {@code recipient} (null for a decoy: the code is made,
   * stored and counted all the same, and reaches no one), voiding the older ones. Returns when the
   * next one may be asked for.
   */
  Instant sendCode(
      Flow flow,
      String purpose,
      Channel channel,
      String recipient,
      AccountView account,
      String kind,
      String clientAddress) {
    Instant now = clock.instant();
    Duration cooldown = config.codes().resendCooldown();
    Optional<Instant> last = codes.issuedAt(flow.id());
    if (last.isPresent() && last.get().plus(cooldown).isAfter(now)) {
      audit.record(AuditEvent.failure("CODE_SENT", "code-cooldown", flow.staffId(), clientAddress));
      throw RecoveryRefused.later(
          "code-cooldown", Duration.between(now, last.get().plus(cooldown)).toSeconds() + 1);
    }
    RecoveryConfig.Limits l = config.limits();
    List<RateLimits.Limit> counted = new ArrayList<>();
    counted.add(new RateLimits.Limit("codes:" + flow.subject(), l.codesPerAccount(), l.window()));
    if (channel == Channel.SMS) {
      String number = recipient == null ? flow.subject() : digest("sms", recipient);
      counted.add(new RateLimits.Limit("sms:number:" + number, l.smsPerNumber(), l.window()));
      counted.add(new RateLimits.Limit("sms:global", l.smsGlobal(), l.window()));
      if (clientAddress != null) {
        counted.add(new RateLimits.Limit("sms:ip:" + clientAddress, l.smsPerAddress(), l.window()));
      }
    }
    if (!limits.allow(counted)) {
      audit.record(
          AuditEvent.failure("CODE_SENT", "too-many-codes", flow.staffId(), clientAddress));
      throw RecoveryRefused.later("too-many-codes", l.window().toSeconds());
    }
    String code = newCode();
    UUID id = Uuids.v7(clock, random);
    Instant expires = now.plus(config.codes().lifetime());
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              codes.issue(
                  id,
                  flow.id(),
                  recipient == null ? null : flow.staffId(),
                  purpose,
                  codeHash(
                      id, code, binding(channel, "CONTACT".equals(purpose) ? recipient : null)),
                  now,
                  expires);
              // A decoy's code is recorded as going nowhere: the audit may say what the answer
              // must not.
              audit.record(
                  recipient == null
                      ? AuditEvent.failure(
                          "CODE_SENT", "no-recipient", flow.staffId(), clientAddress)
                      : new AuditEvent(
                          "CODE_SENT", true, channel.name(), null, flow.staffId(), clientAddress));
              if (recipient != null) {
                notifications.send(
                    new Notification(
                        channel,
                        recipient,
                        kind,
                        account.language(),
                        Map.of(
                            "code",
                            code,
                            "minutes",
                            Long.toString(config.codes().lifetime().toMinutes()),
                            "firstName",
                            account.firstName()),
                        account.id(),
                        expires));
              }
            });
    return now.plus(cooldown);
  }

  /**
   * Checks a typed code: counted first, compared in constant time, then consumed together with
   * {@code then} (the step it unlocks) in one transaction. Of any number of parallel submissions of
   * the right code, exactly one gets through.
   */
  void verifyCode(Flow flow, String typed, Runnable then) {
    Instant now = clock.instant();
    int max = config.codes().attempts();
    Optional<CodeRepository.Counted> counted = codes.count(flow.id(), max, now);
    if (counted.isEmpty()) {
      throw refused(
          flow,
          switch (codes.why(flow.id(), max, now)) {
            case EXPIRED -> "code-expired";
            case EXHAUSTED -> "code-attempts-exhausted";
            case NONE -> "code-invalid";
          });
    }
    String candidate = normaliseCode(typed);
    String bound =
        flow.pendingValue() != null
            ? binding(flow.pendingChannel(), flow.pendingValue())
            : binding(flow.codeChannel(), null);
    boolean matches =
        MessageDigest.isEqual(codeHash(counted.get().id(), candidate, bound), counted.get().hash());
    if (!matches) {
      throw refused(flow, "code-invalid");
    }
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              if (!codes.consume(counted.get().id(), clock.instant())) {
                throw RecoveryRefused.of(422, "code-invalid");
              }
              then.run();
              audit.record(AuditEvent.success("CODE_VERIFIED", flow.staffId(), null));
            });
  }

  /** A refused code, recorded (on its own: the request fails) before it is answered. */
  private RecoveryRefused refused(Flow flow, String code) {
    audit.record(AuditEvent.failure("CODE_VERIFIED", code, flow.staffId(), null));
    return RecoveryRefused.of(422, code);
  }

  /** Ends every flow of a person and their codes (a block, a deletion). */
  void forget(UUID staffId) {
    flows.forget(staffId);
  }

  /** Forgets flows a day after they expired; their codes go with them. */
  @BackgroundJob
  @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void purgeExpired() {
    oneReplica.run(
        "flows-purge",
        () -> {
          flows.purge(clock.instant().minus(Duration.ofDays(1)));
        });
  }

  private String newCode() {
    int digits = Math.max(6, config.codes().length());
    StringBuilder code = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      code.append((char) ('0' + random.nextInt(10)));
    }
    return code.toString();
  }

  /** Full-width digits and spaces or hyphens between groups are what people type. */
  static String normaliseCode(String typed) {
    if (typed == null || typed.length() > 64) {
      return "";
    }
    return Normalizer.normalize(typed, Normalizer.Form.NFKC).replaceAll("[\\s\\-.]", "");
  }

  /**
   * A code's digest, salted with its id (two equal codes never share a digest) and bound to where
   * it was sent: the channel and, for a contact being verified, the value. A flow whose pending
   * contact changed since cannot verify the new value with the old value's code.
   */
  static byte[] codeHash(UUID id, String code, String binding) {
    byte[] tail = (code + "\n" + binding).getBytes(StandardCharsets.UTF_8);
    ByteBuffer input = ByteBuffer.allocate(16 + tail.length);
    input.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    input.put(tail);
    return sha256(input.array());
  }

  private static String binding(Channel channel, String contactValue) {
    return (channel == null ? "" : channel.name())
        + "|"
        + (contactValue == null ? "" : contactValue);
  }

  static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  static byte[] hmac(byte[] key, String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }
}
