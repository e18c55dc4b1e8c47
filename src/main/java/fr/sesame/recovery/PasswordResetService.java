package fr.sesame.recovery;

import fr.sesame.credentials.CredentialService;
import fr.sesame.directory.AccountView;
import fr.sesame.directory.DirectoryService;
import fr.sesame.directory.DsdenContactView;
import fr.sesame.notify.Channel;
import fr.sesame.tokens.TokenService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Forgotten password ("J'initialise mon mot de passe").
 *
 * <p>By login or académie address: the answer is the same for everyone. A person with an active
 * account and verified channels sees them masked; anyone else (unknown identifier, account not
 * active, no channel) sees decoy options derived from what they typed, goes through the same steps
 * and receives nothing. "I no longer have access to these" leads to NUMEN + birth date: with no
 * verified channel and the fallback switched on, that is enough (as the académies do today, under
 * stricter limits); otherwise the person is sent to their DSDEN, whose contact is shown.
 *
 * <p>By NUMEN + birth date: a knowledge factor, so a wrong pair gets one refusal whatever the
 * reason, and a right one sees its real channels (or the fallback, or the DSDEN contact).
 *
 * <p>The new password ends every session and is announced on every channel; it does not log in.
 */
@ApplicationScoped
public class PasswordResetService {

  private final FlowService flows;
  private final ContactService contacts;
  private final DirectoryService directory;
  private final CredentialService credentials;
  private final TokenService tokens;
  private final AntiBotService antiBot;
  private final RateLimits limits;
  private final RecoveryConfig config;
  private final Clock clock;

  PasswordResetService(
      FlowService flows,
      ContactService contacts,
      DirectoryService directory,
      CredentialService credentials,
      TokenService tokens,
      AntiBotService antiBot,
      RateLimits limits,
      RecoveryConfig config,
      Clock clock) {
    this.flows = flows;
    this.contacts = contacts;
    this.directory = directory;
    this.credentials = credentials;
    this.tokens = tokens;
    this.antiBot = antiBot;
    this.limits = limits;
    this.config = config;
    this.clock = clock;
  }

  /** Identification by login or académie address: the same answer for every identifier. */
  public FlowView startByLogin(
      String identifier, String antiBotSolution, String address, String language) {
    if (identifier == null || identifier.isBlank() || identifier.length() > 254) {
      throw RecoveryRefused.field("invalid-identifier", "identifier");
    }
    String typed = identifier.strip().toLowerCase(Locale.ROOT);
    boolean solved = antiBot.solved(antiBotSolution);
    flows.limitIdentification(
        address,
        solved,
        List.of(
            new RateLimits.Limit(
                "reset:" + flows.digest("identifier", typed),
                config.limits().perIdentifier(),
                config.limits().window())));
    Optional<AccountView> account = directory.accountByLogin(typed);
    List<FlowOption> real =
        account.filter(AccountView::active).map(a -> contacts.options(a.id())).orElse(List.of());
    boolean deliverable = !real.isEmpty();
    FlowService.Started started =
        flows.create(
            Flow.Kind.RESET,
            Flow.State.CHOOSE_CHANNEL,
            account.map(AccountView::id).orElse(null),
            deliverable,
            deliverable
                ? "staff:" + account.get().id()
                : "decoy:" + flows.digest("identifier", typed),
            deliverable ? real : Decoys.options(flows.decoyKey(), typed),
            null,
            null,
            language);
    return flows.view(started.flow(), started.handle(), Flow.State.CHOOSE_CHANNEL, null);
  }

  /** Identification by NUMEN + birth date: the real options, or why self-service cannot help. */
  public FlowView startByNumen(
      String numen, String birthDate, String antiBotSolution, String address, String language) {
    KnowledgeFactor factor = KnowledgeFactor.parse(numen, birthDate, LocalDate.now(clock));
    boolean solved = antiBot.solved(antiBotSolution);
    flows.limitIdentification(address, solved, List.of(flows.perNumen(factor.numen().value())));
    AccountView account = recognised(factor);
    List<FlowOption> real = contacts.options(account.id());
    Flow.State state = real.isEmpty() ? fallbackState(account, real) : Flow.State.CHOOSE_CHANNEL;
    FlowService.Started started =
        flows.create(
            Flow.Kind.RESET,
            state,
            account.id(),
            true,
            "staff:" + account.id(),
            real,
            null,
            null,
            language);
    return flows.view(started.flow(), started.handle(), state, null);
  }

  /** Where the flow stands (GET of a page): reads, never moves. */
  public FlowView current(String handle) {
    Flow flow = flows.find(handle, Flow.Kind.RESET);
    FlowView view =
        flows.view(
            flow,
            handle,
            flow.state(),
            flow.state() == Flow.State.CODE_SENT ? flows.resendAt(flow) : null);
    if (flow.state() == Flow.State.DONE) {
      return directory
          .account(flow.staffId())
          .map(account -> view.withIdentity(account.login(), account.address()))
          .orElse(view);
    }
    return view;
  }

  /** Sends a code to one of the options shown (again, after the cooldown, or to the other one). */
  public FlowView sendCode(String handle, String channelName, String address) {
    Flow flow = flows.find(handle, Flow.Kind.RESET);
    FlowService.require(flow, Flow.State.CHOOSE_CHANNEL, Flow.State.CODE_SENT);
    Channel channel = ContactService.channel(channelName);
    if (flow.options().stream().noneMatch(option -> option.channel() == channel)) {
      throw RecoveryRefused.field("invalid-channel", "channel");
    }
    Optional<AccountView> account =
        flow.deliverable()
            ? directory.account(flow.staffId()).filter(AccountView::active)
            : Optional.empty();
    String recipient = account.flatMap(a -> contacts.recipient(a.id(), channel)).orElse(null);
    Instant resend =
        flows.sendCode(
            flow, "RESET", channel, recipient, account.orElse(null), "reset-code", address);
    flows.advance(
        flow,
        FlowRepository.states(Flow.State.CHOOSE_CHANNEL, Flow.State.CODE_SENT),
        Flow.State.CODE_SENT,
        channel,
        null,
        null);
    return flows.view(
        flow.with(Flow.State.CODE_SENT, channel, null, null), handle, Flow.State.CODE_SENT, resend);
  }

  /** The code received; the flow may then set the password. */
  public FlowView verifyCode(String handle, String code) {
    Flow flow = flows.find(handle, Flow.Kind.RESET);
    FlowService.require(flow, Flow.State.CODE_SENT);
    flows.verifyCode(
        flow,
        code,
        () ->
            flows.advance(
                flow,
                FlowRepository.states(Flow.State.CODE_SENT),
                Flow.State.VERIFIED,
                flow.codeChannel(),
                null,
                null));
    return flows.view(flow, handle, Flow.State.VERIFIED, null);
  }

  /**
   * "I no longer have access to these": NUMEN + birth date for the account this flow is about.
   * Enough only for an active account with no verified channel, with the fallback on.
   */
  public FlowView fallback(String handle, String numen, String birthDate, String address) {
    Flow flow = flows.find(handle, Flow.Kind.RESET);
    FlowService.require(flow, Flow.State.CHOOSE_CHANNEL, Flow.State.CODE_SENT);
    KnowledgeFactor factor = KnowledgeFactor.parse(numen, birthDate, LocalDate.now(clock));
    RecoveryConfig.Limits l = config.limits();
    List<RateLimits.Limit> counted =
        new java.util.ArrayList<>(List.of(flows.perNumen(factor.numen().value())));
    if (address != null) {
      counted.add(
          new RateLimits.Limit("fallback:ip:" + address, l.fallbackPerAddress(), l.window()));
    }
    if (!limits.allow(counted)) {
      throw RecoveryRefused.later("too-many-requests", l.window().toSeconds());
    }
    AccountView account = recognised(factor);
    if (!account.id().equals(flow.staffId())) {
      throw RecoveryRefused.of(422, "details-not-recognised");
    }
    fallbackState(account, contacts.options(account.id()));
    flows.advance(
        flow,
        FlowRepository.states(Flow.State.CHOOSE_CHANNEL, Flow.State.CODE_SENT),
        Flow.State.VERIFIED,
        null,
        null,
        null);
    return flows.view(flow, handle, Flow.State.VERIFIED, null);
  }

  /**
   * The new password: under the policy, different from the current one; every session ends, the
   * person is told on every channel, the login counter is cleared. One transaction.
   */
  public FlowView setPassword(String handle, String password) {
    Flow flow = flows.find(handle, Flow.Kind.RESET);
    FlowService.require(flow, Flow.State.VERIFIED);
    AccountView account =
        directory
            .account(flow.staffId())
            .filter(AccountView::active)
            .orElseThrow(() -> RecoveryRefused.of(409, "flow-step-not-allowed"));
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              flows.advance(
                  flow,
                  FlowRepository.states(Flow.State.VERIFIED),
                  Flow.State.DONE,
                  null,
                  null,
                  null);
              credentials.changePassword(account.id(), password);
              tokens.revokeAllSessions(account.id(), "PASSWORD_CHANGED");
            });
    credentials.clearFailures(account.id());
    return flows
        .view(flow, handle, Flow.State.DONE, null)
        .withIdentity(account.login(), account.address());
  }

  /** The account of a NUMEN + birth date that self-service may reset, or why it may not. */
  private AccountView recognised(KnowledgeFactor factor) {
    AccountView account =
        directory
            .accountByNumen(factor.numen(), factor.birthDate())
            .filter(a -> a.active() || "BLOCKED".equals(a.state()))
            .orElseThrow(() -> RecoveryRefused.of(422, "details-not-recognised"));
    if (!account.active()) {
      throw RecoveryRefused.withContact("account-blocked", contact(account));
    }
    return account;
  }

  /** VERIFIED when the NUMEN fallback may stand in for a code; the DSDEN contact otherwise. */
  private Flow.State fallbackState(AccountView account, List<FlowOption> real) {
    if (!real.isEmpty() || !config.numenFallback()) {
      throw RecoveryRefused.withContact("dsden-required", contact(account));
    }
    return Flow.State.VERIFIED;
  }

  private DsdenContactView contact(AccountView account) {
    return directory
        .dsdenContact(account.departement(), account.category())
        .orElse(new DsdenContactView(null, null, null, null, null));
  }
}
