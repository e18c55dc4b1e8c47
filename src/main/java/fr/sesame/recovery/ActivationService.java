package fr.sesame.recovery;

import fr.sesame.audit.AuditEvent;
import fr.sesame.audit.AuditService;
import fr.sesame.credentials.CredentialService;
import fr.sesame.directory.AccountView;
import fr.sesame.directory.DirectoryService;
import fr.sesame.notify.Channel;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Activation ("Première connexion"): NUMEN + birth date + the anti-bot check open a flow for a
 * PENDING account only, with one answer for any other input (unknown NUMEN, wrong date, an account
 * already active, blocked or deleted). The person chooses a password under the policy, which
 * activates the account; they may then register and verify recovery contacts before finishing.
 */
@ApplicationScoped
public class ActivationService {

  private final FlowService flows;
  private final ContactService contacts;
  private final DirectoryService directory;
  private final CredentialService credentials;
  private final AntiBotService antiBot;
  private final AuditService audit;
  private final Clock clock;

  ActivationService(
      FlowService flows,
      ContactService contacts,
      DirectoryService directory,
      CredentialService credentials,
      AntiBotService antiBot,
      AuditService audit,
      Clock clock) {
    this.audit = audit;
    this.flows = flows;
    this.contacts = contacts;
    this.directory = directory;
    this.credentials = credentials;
    this.antiBot = antiBot;
    this.clock = clock;
  }

  /** Identification: a flow for a PENDING account, {@code details-not-recognised} otherwise. */
  public FlowView start(
      String numen, String birthDate, String antiBotSolution, String address, String language) {
    KnowledgeFactor factor = KnowledgeFactor.parse(numen, birthDate, LocalDate.now(clock));
    boolean solved = antiBot.solved(antiBotSolution);
    flows.limitIdentification(address, solved, List.of(flows.perNumen(factor.numen().value())));
    AccountView account =
        directory
            .accountByNumen(factor.numen(), factor.birthDate())
            .filter(a -> "PENDING".equals(a.state()))
            .orElseThrow(() -> RecoveryRefused.of(422, "activation-refused"));
    FlowService.Started started =
        flows.create(
            Flow.Kind.ACTIVATION,
            Flow.State.IDENTIFIED,
            account.id(),
            true,
            "staff:" + account.id(),
            List.of(),
            null,
            null,
            language);
    return flows.view(started.flow(), started.handle(), Flow.State.IDENTIFIED, null);
  }

  /** Where the flow stands (GET of a page): reads, never moves. */
  public FlowView current(String handle) {
    Flow flow = flows.find(handle, Flow.Kind.ACTIVATION);
    if (flow.state() == Flow.State.IDENTIFIED) {
      return flows.view(flow, handle, flow.state(), null);
    }
    return activated(
        flow,
        handle,
        flow.state(),
        flow.state() == Flow.State.CONTACT_CODE_SENT ? flows.resendAt(flow) : null);
  }

  /**
   * The password, under the policy (with the person's own words refused); it activates the account
   * in the same transaction. The login and académie address are shown from then on.
   */
  public FlowView choosePassword(String handle, String password) {
    Flow flow = flows.find(handle, Flow.Kind.ACTIVATION);
    FlowService.require(flow, Flow.State.IDENTIFIED);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              flows.advance(
                  flow,
                  FlowRepository.states(Flow.State.IDENTIFIED),
                  Flow.State.ACTIVATED,
                  null,
                  null,
                  null);
              if (!directory.activate(flow.staffId(), "self-service")) {
                throw RecoveryRefused.of(409, "flow-step-not-allowed");
              }
              credentials.setPassword(flow.staffId(), password);
              audit.record(AuditEvent.success("ACCOUNT_ACTIVATED", flow.staffId(), null));
            });
    return activated(flow, handle, Flow.State.ACTIVATED, null);
  }

  /** Optional: a recovery contact to verify, by a code sent to it. */
  public FlowView addContact(String handle, String channel, String value, String address) {
    Flow flow = flows.find(handle, Flow.Kind.ACTIVATION);
    FlowService.require(flow, Flow.State.ACTIVATED, Flow.State.CONTACT_CODE_SENT);
    Channel chosen = ContactService.channel(channel);
    String normalised = contacts.normalise(channel, value);
    AccountView account = account(flow);
    flows.advance(
        flow,
        FlowRepository.states(Flow.State.ACTIVATED, Flow.State.CONTACT_CODE_SENT),
        Flow.State.CONTACT_CODE_SENT,
        null,
        chosen,
        normalised);
    Instant resend = contacts.sendVerification(flow, account, chosen, normalised, address);
    return activated(
        flow.with(Flow.State.CONTACT_CODE_SENT, null, chosen, normalised),
        handle,
        Flow.State.CONTACT_CODE_SENT,
        resend);
  }

  /** The code sent to the contact being added; the contact is then stored, verified. */
  public FlowView verifyContact(String handle, String code) {
    Flow flow = flows.find(handle, Flow.Kind.ACTIVATION);
    contacts.confirm(
        flow, account(flow), code, Flow.State.CONTACT_CODE_SENT, Flow.State.ACTIVATED, false);
    return activated(flow, handle, Flow.State.ACTIVATED, null);
  }

  /** The end: nothing more can be done with this flow. */
  public FlowView finish(String handle) {
    Flow flow = flows.find(handle, Flow.Kind.ACTIVATION);
    FlowService.require(flow, Flow.State.ACTIVATED, Flow.State.CONTACT_CODE_SENT);
    flows.advance(
        flow,
        FlowRepository.states(Flow.State.ACTIVATED, Flow.State.CONTACT_CODE_SENT),
        Flow.State.DONE,
        null,
        null,
        null);
    return activated(flow, handle, Flow.State.DONE, null);
  }

  private FlowView activated(Flow flow, String handle, Flow.State state, Instant resend) {
    AccountView account = account(flow);
    return contacts.withContacts(
        flows.view(flow, handle, state, resend).withIdentity(account.login(), account.address()),
        account.id());
  }

  private AccountView account(Flow flow) {
    return directory
        .account(flow.staffId())
        .filter(AccountView::active)
        .orElseThrow(() -> RecoveryRefused.of(409, "flow-step-not-allowed"));
  }
}
