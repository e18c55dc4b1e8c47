package fr.sesame.recovery;

import fr.sesame.audit.AuditEvent;
import fr.sesame.audit.AuditService;
import fr.sesame.credentials.CredentialService;
import fr.sesame.credentials.PasswordChanged;
import fr.sesame.directory.AcademieConfig;
import fr.sesame.directory.AccountStateChanged;
import fr.sesame.directory.AccountView;
import fr.sesame.directory.DirectoryService;
import fr.sesame.notify.Channel;
import fr.sesame.notify.Notification;
import fr.sesame.notify.NotificationService;
import fr.sesame.tokens.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Recovery contacts: a person adds, changes or removes their recovery e-mail address or mobile
 * number, each new value verified by a code sent to it. Outside activation, every change needs the
 * current password again (a stolen session must not redirect recovery), and the previous channel
 * and the académie mailbox are told.
 */
@ApplicationScoped
public class ContactService {

  private final FlowService flows;
  private final ContactRepository contacts;
  private final DirectoryService directory;
  private final CredentialService credentials;
  private final NotificationService notifications;
  private final AcademieConfig academie;
  private final AuditService audit;
  private final Clock clock;
  private final String publicUrl;

  ContactService(
      @org.eclipse.microprofile.config.inject.ConfigProperty(name = "sesame.public-url")
          String publicUrl,
      FlowService flows,
      ContactRepository contacts,
      DirectoryService directory,
      CredentialService credentials,
      NotificationService notifications,
      AcademieConfig academie,
      AuditService audit,
      Clock clock) {
    this.audit = audit;
    this.flows = flows;
    this.contacts = contacts;
    this.directory = directory;
    this.credentials = credentials;
    this.notifications = notifications;
    this.academie = academie;
    this.clock = clock;
    this.publicUrl = publicUrl.replaceAll("/+$", "");
  }

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMMM uuuu 'à' HH:mm", Locale.FRENCH)
          .withZone(ZoneId.of("Europe/Paris"));
  private static final DateTimeFormatter WHEN_EN =
      DateTimeFormatter.ofPattern("d MMMM uuuu 'at' HH:mm", Locale.ENGLISH)
          .withZone(ZoneId.of("Europe/Paris"));

  /**
   * Every password change or reset is announced on every channel (the académie mailbox and each
   * recovery contact), in the transaction that stores it: whoever changed it, the owner learns.
   */
  void onPasswordChanged(@Observes PasswordChanged changed) {
    directory
        .account(changed.staffId())
        .ifPresent(
            account -> {
              audit.record(AuditEvent.success("PASSWORD_CHANGED", account.id(), null));
              String when = ("en".equals(account.language()) ? WHEN_EN : WHEN).format(changed.at());
              tellEverywhere(
                      account, "password-changed", Map.of("login", account.login(), "when", when))
                  .forEach(notifications::send);
            });
  }

  /**
   * A block or a deletion ends every flow of the person and their codes, in its transaction; the
   * person is told on every channel of a block, an unblock or a deletion (a deletion then forgets
   * their contacts, once the notices are queued).
   */
  void onStateChanged(@Observes AccountStateChanged change) {
    if (change.locksOut()) {
      flows.forget(change.staffId());
    }
    String kind =
        switch (change.to()) {
          case "BLOCKED" -> "BLOCKED".equals(change.from()) ? null : "account-blocked";
          case "DELETED" -> "account-deleted";
          case "ACTIVE", "PENDING" -> "BLOCKED".equals(change.from()) ? "account-unblocked" : null;
          default -> null;
        };
    if (kind != null) {
      directory
          .account(change.staffId())
          .ifPresent(
              account -> {
                Map<String, String> parameters = new java.util.HashMap<>();
                parameters.put("login", account.login());
                parameters.put("until", until(account, change.staffId()));
                tellEverywhere(account, kind, parameters).forEach(notifications::send);
              });
    }
    if ("DELETED".equals(change.to())) {
      contacts.removeAll(change.staffId());
    }
  }

  /** Tells a person that an administrator disabled their password, and where to choose another. */
  public void tellPasswordRenewal(UUID staffId) {
    directory
        .account(staffId)
        .ifPresent(
            account ->
                tellEverywhere(
                        account,
                        "password-renewal",
                        Map.of("login", account.login(), "url", publicUrl + "/mot-de-passe-oublie"))
                    .forEach(notifications::send));
  }

  /**
   * Reminds a person whose account waits for its first sign-in how to activate it, on every channel
   * known. False when the account is not PENDING.
   */
  public boolean remindActivation(UUID staffId) {
    return directory
        .account(staffId)
        .filter(account -> "PENDING".equals(account.state()))
        .map(
            account -> {
              tellEverywhere(
                      account,
                      "activation-reminder",
                      Map.of(
                          "login",
                          account.login(),
                          "address",
                          account.address(),
                          "url",
                          publicUrl + "/premiere-connexion"))
                  .forEach(notifications::send);
              return true;
            })
        .orElse(false);
  }

  private String until(AccountView account, UUID staffId) {
    return directory
        .find(staffId)
        .map(fr.sesame.directory.StaffView::blockedUntil)
        .map(
            end ->
                "en".equals(account.language())
                    ? " until " + WHEN_EN.format(end)
                    : " jusqu'au " + WHEN.format(end))
        .orElse("");
  }

  /** A person's verified contacts, masked. */
  public List<ContactView> contacts(UUID staffId) {
    return contacts.of(staffId).stream()
        .map(
            c ->
                new ContactView(
                    c.channel(), ContactValues.mask(c.channel(), c.value()), c.verifiedAt()))
        .toList();
  }

  /** The real, verified channels of a person, masked, as reset options. */
  List<FlowOption> options(UUID staffId) {
    return contacts.of(staffId).stream()
        .map(c -> new FlowOption(c.channel(), ContactValues.mask(c.channel(), c.value())))
        .toList();
  }

  /** Where a code for {@code channel} goes for this person, if they have that channel. */
  Optional<String> recipient(UUID staffId, Channel channel) {
    return contacts.of(staffId).stream()
        .filter(c -> c.channel() == channel)
        .map(ContactRepository.Contact::value)
        .findFirst();
  }

  /** Every address a person can be told on: the académie mailbox and each recovery contact. */
  List<Notification> tellEverywhere(
      AccountView account, String kind, Map<String, String> parameters) {
    List<Notification> messages = new ArrayList<>();
    messages.add(
        new Notification(
            Channel.EMAIL,
            account.address(),
            kind,
            account.language(),
            parameters,
            account.id(),
            null));
    for (ContactRepository.Contact contact : contacts.of(account.id())) {
      messages.add(
          new Notification(
              contact.channel(),
              contact.value(),
              kind,
              account.language(),
              parameters,
              account.id(),
              null));
    }
    return messages;
  }

  /** The typed value, normalised, or a 400 saying what a usable value is. */
  String normalise(String channelName, String raw) {
    Channel channel = channel(channelName);
    if (channel == Channel.SMS && !notifications.smsAvailable()) {
      throw RecoveryRefused.field("sms-unavailable", "channel");
    }
    return ContactValues.normalise(channel, raw, academie.mailDomain())
        .orElseThrow(
            () ->
                RecoveryRefused.field(
                    channel == Channel.EMAIL ? "invalid-recovery-email" : "invalid-mobile",
                    "value"));
  }

  static Channel channel(String name) {
    if ("EMAIL".equals(name)) {
      return Channel.EMAIL;
    }
    if ("SMS".equals(name)) {
      return Channel.SMS;
    }
    throw RecoveryRefused.field("invalid-channel", "channel");
  }

  /** Sends the verification code of a pending contact. */
  Instant sendVerification(
      Flow flow, AccountView account, Channel channel, String value, String address) {
    return flows.sendCode(flow, "CONTACT", channel, value, account, "contact-code", address);
  }

  /**
   * Checks the code of the flow's pending contact and, in the same transaction as its consumption,
   * stores the contact and moves the flow from {@code from} to {@code to}; with {@code tell}, the
   * replaced value and the académie mailbox learn of it.
   */
  void confirm(
      Flow flow, AccountView account, String code, Flow.State from, Flow.State to, boolean tell) {
    FlowService.require(flow, from);
    flows.verifyCode(
        flow,
        code,
        () -> {
          flows.advance(flow, FlowRepository.states(from), to, null, null, null);
          Optional<String> replaced =
              contacts.put(
                  account.id(), flow.pendingChannel(), flow.pendingValue(), clock.instant());
          audit.record(
              new AuditEvent(
                  "CONTACT_ADDED",
                  true,
                  flow.pendingChannel().name(),
                  account.id(),
                  account.id(),
                  null));
          if (tell) {
            Map<String, String> parameters =
                Map.of(
                    "login", account.login(),
                    "contact", ContactValues.mask(flow.pendingChannel(), flow.pendingValue()));
            notifications.send(email(account, account.address(), "contact-added", parameters));
            replaced.ifPresent(
                old ->
                    notifications.send(
                        new Notification(
                            flow.pendingChannel(),
                            old,
                            "contact-added",
                            account.language(),
                            parameters,
                            account.id(),
                            null)));
          }
        });
  }

  // --- The account page and the API: changes by a logged-in person -----------------------------

  /** Starts adding or replacing a contact: the current password again, then a code to the value. */
  public FlowView startChange(
      Caller caller, String channelName, String value, String currentPassword, String address) {
    Channel channel = channel(channelName);
    String normalised = normalise(channelName, value);
    AccountView account = reauthenticate(caller.staffId(), currentPassword, address);
    FlowService.Started started =
        flows.create(
            Flow.Kind.CONTACT,
            Flow.State.CONTACT_CODE_SENT,
            account.id(),
            true,
            "staff:" + account.id(),
            List.of(),
            channel,
            normalised,
            account.language());
    Instant resend = sendVerification(started.flow(), account, channel, normalised, address);
    return flows.view(started.flow(), started.handle(), Flow.State.CONTACT_CODE_SENT, resend);
  }

  /** The caller's contact being verified (GET of a page): reads, never moves. */
  public FlowView pending(Caller caller, String handle) {
    Flow flow = flows.find(handle, Flow.Kind.CONTACT);
    if (!caller.staffId().equals(flow.staffId()) || flow.state() != Flow.State.CONTACT_CODE_SENT) {
      throw RecoveryRefused.of(404, "flow-not-found");
    }
    return flows.view(flow, handle, flow.state(), flows.resendAt(flow));
  }

  /** Confirms the code sent to the new value; the contact is then stored and the others told. */
  public FlowView confirmChange(Caller caller, String handle, String code) {
    Flow flow = flows.find(handle, Flow.Kind.CONTACT);
    if (!caller.staffId().equals(flow.staffId())) {
      throw RecoveryRefused.of(404, "flow-not-found");
    }
    AccountView account = activeAccount(flow.staffId());
    confirm(flow, account, code, Flow.State.CONTACT_CODE_SENT, Flow.State.DONE, true);
    FlowView view = flows.view(flow, handle, Flow.State.DONE, null);
    return withContacts(view, account.id());
  }

  /** Removes a contact: the current password again; the removed value and the mailbox are told. */
  public void remove(Caller caller, String channelName, String currentPassword, String address) {
    Channel channel = channel(channelName);
    AccountView account = reauthenticate(caller.staffId(), currentPassword, address);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Optional<String> removed = contacts.remove(account.id(), channel);
              if (removed.isEmpty()) {
                throw RecoveryRefused.of(404, "contact-not-found");
              }
              audit.record(
                  new AuditEvent(
                      "CONTACT_REMOVED",
                      true,
                      channel.name(),
                      account.id(),
                      account.id(),
                      address));
              Map<String, String> parameters =
                  Map.of(
                      "login",
                      account.login(),
                      "contact",
                      ContactValues.mask(channel, removed.get()));
              notifications.send(email(account, account.address(), "contact-removed", parameters));
              notifications.send(
                  new Notification(
                      channel,
                      removed.get(),
                      "contact-removed",
                      account.language(),
                      parameters,
                      account.id(),
                      null));
            });
  }

  FlowView withContacts(FlowView view, UUID staffId) {
    return view.withContacts(contacts(staffId));
  }

  private AccountView reauthenticate(UUID staffId, String currentPassword, String address) {
    if (currentPassword == null
        || !credentials.confirmPassword(staffId, currentPassword, address)) {
      throw RecoveryRefused.of(403, "current-password-invalid");
    }
    return activeAccount(staffId);
  }

  private AccountView activeAccount(UUID staffId) {
    return directory
        .account(staffId)
        .filter(AccountView::active)
        .orElseThrow(() -> RecoveryRefused.of(404, "flow-not-found"));
  }

  private static Notification email(
      AccountView account, String to, String kind, Map<String, String> parameters) {
    return new Notification(
        Channel.EMAIL, to, kind, account.language(), parameters, account.id(), null);
  }
}
