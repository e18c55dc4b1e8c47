package fr.sesame.admin;

import fr.sesame.audit.AuditEvent;
import fr.sesame.audit.AuditQuery;
import fr.sesame.audit.AuditRecord;
import fr.sesame.audit.AuditService;
import fr.sesame.credentials.CredentialService;
import fr.sesame.directory.AccountLifecycle;
import fr.sesame.directory.DepartementView;
import fr.sesame.directory.DirectoryService;
import fr.sesame.directory.DsdenContacts;
import fr.sesame.directory.NewStaff;
import fr.sesame.directory.StaffSearchResult;
import fr.sesame.directory.StaffView;
import fr.sesame.platform.ProblemException;
import fr.sesame.recovery.AssistedResetService;
import fr.sesame.recovery.ContactService;
import fr.sesame.recovery.ContactView;
import fr.sesame.tokens.SessionView;
import fr.sesame.tokens.TokenService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every administration action, in the order of its checks: who calls (401), whether their role
 * allows it (403), whether the person is theirs to see (404, as if there were nobody), whether the
 * request makes sense (400) and the account's state allows it (409). Every action and every refusal
 * is audited with the administrator as actor.
 */
@ApplicationScoped
class AdminService {

  /** The longest a temporary block may be set for; a longer one is a block without end. */
  static final Duration LONGEST_TEMPORARY_BLOCK = Duration.ofDays(366);

  private final TokenService tokens;
  private final AdminRoles roles;
  private final DirectoryService directory;
  private final AccountLifecycle lifecycle;
  private final DsdenContacts contacts;
  private final CredentialService credentials;
  private final ContactService channels;
  private final AssistedResetService assisted;
  private final AuditService audit;
  private final Clock clock;

  AdminService(
      TokenService tokens,
      AdminRoles roles,
      DirectoryService directory,
      AccountLifecycle lifecycle,
      DsdenContacts contacts,
      CredentialService credentials,
      ContactService channels,
      AssistedResetService assisted,
      AuditService audit,
      Clock clock) {
    this.tokens = tokens;
    this.roles = roles;
    this.directory = directory;
    this.lifecycle = lifecycle;
    this.contacts = contacts;
    this.credentials = credentials;
    this.channels = channels;
    this.assisted = assisted;
    this.audit = audit;
    this.clock = clock;
  }

  /** A person as an administrator sees them. */
  record PersonDetail(
      @com.fasterxml.jackson.annotation.JsonUnwrapped StaffView staff,
      String adminRole,
      String adminDepartement,
      List<ContactView> channels,
      int failedLogins,
      List<SessionView> sessions,
      List<AccountLifecycle.StateChange> history,
      List<AuditRecord> recentEvents) {}

  /** A block: why, and until when (none: until an administrator unblocks). */
  record Block(String reason, Instant until) {}

  /** A role to give. */
  record RoleGrant(String role, String departement) {}

  /** A contact to set for one category of staff of a département. */
  record ContactChange(String service, String email, String phone, String hours) {}

  /** A one-time code for an assisted reset, shown once. */
  record AssistedCode(String code, Instant expiresAt) {}

  // --- Who calls -------------------------------------------------------------------------------

  /**
   * The administrator behind a bearer token of an administration client; 401 without one, 403 when
   * the person holds no role (both audited under {@code event}).
   */
  Administrator authenticate(
      String authorization, String clientAddress, String userAgent, String event) {
    Optional<UUID> staffId = tokens.administrationCaller(authorization).map(c -> c.staffId());
    if (staffId.isEmpty()) {
      audit.record(
          new AuditEvent(event, false, "UNAUTHENTICATED", null, null, clientAddress), userAgent);
      throw AdminRefused.unauthenticated();
    }
    Optional<AdminRoles.Held> held = roles.of(staffId.get());
    if (held.isEmpty()) {
      audit.record(
          new AuditEvent(event, false, "NO_ROLE", staffId.get(), null, clientAddress), userAgent);
      throw AdminRefused.forbidden();
    }
    return new Administrator(
        staffId.get(), held.get().role(), held.get().departement(), clientAddress, userAgent);
  }

  /** 403 unless the administrator's role grants {@code permission}. */
  void require(Administrator admin, Permission permission, String event) {
    if (!admin.role().may(permission)) {
      refuse(admin, event, "FORBIDDEN", null);
      throw AdminRefused.forbidden();
    }
  }

  // --- People ----------------------------------------------------------------------------------

  StaffSearchResult search(Administrator admin, String q, String cursor, Integer limit) {
    StaffSearchResult found = directory.search(q, cursor, limit, admin.departement());
    done(admin, "ADMIN_STAFF_SEARCH", null, null);
    return found;
  }

  PersonDetail view(Administrator admin, UUID id) {
    StaffView staff = target(admin, id, "ADMIN_STAFF_VIEW");
    Optional<AdminRoles.Held> role = roles.of(id);
    PersonDetail detail =
        new PersonDetail(
            staff,
            role.map(r -> r.role().wire()).orElse(null),
            role.map(AdminRoles.Held::departement).orElse(null),
            channels.contacts(id),
            credentials.failedAttempts(id),
            tokens.sessionsOf(id),
            lifecycle.history(id),
            audit.recentFor(id, 20));
    done(admin, "ADMIN_STAFF_VIEW", null, id);
    return detail;
  }

  StaffView create(Administrator admin, NewStaff body) {
    String event = "STAFF_CREATED";
    if (body.departement() != null && !admin.covers(body.departement().strip())) {
      refuse(admin, event, "OUT_OF_SCOPE", null);
      throw new ProblemException(
          403,
          "departement-out-of-scope",
          "Hors de votre périmètre",
          "Vous n'administrez que le département " + admin.departement() + ".");
    }
    StaffView created = attempt(admin, event, null, () -> directory.create(body));
    done(admin, event, null, created.id());
    return created;
  }

  StaffView block(Administrator admin, UUID id, Block body) {
    String event = "ACCOUNT_BLOCKED";
    target(admin, id, event);
    notAnAdministrator(admin, id, event);
    notOneself(admin, id, event);
    String reason = body == null ? null : body.reason();
    if (reason == null || !AccountLifecycle.BLOCK_REASONS.contains(reason)) {
      refuse(admin, event, "INVALID_REQUEST", id);
      throw new ProblemException(
          400,
          "invalid-block-reason",
          "Motif invalide",
          "Le motif est COMPROMISED, SPAM, DEPARTURE ou OTHER.");
    }
    Instant now = clock.instant();
    if (body.until() != null
        && (!body.until().isAfter(now)
            || body.until().isAfter(now.plus(LONGEST_TEMPORARY_BLOCK)))) {
      refuse(admin, event, "INVALID_REQUEST", id);
      throw new ProblemException(
          400,
          "invalid-block-end",
          "Fin de blocage invalide",
          "La fin du blocage est dans le futur, à un an au plus ; sans date, le blocage dure"
              + " jusqu'au déblocage.");
    }
    return change(
        admin,
        event,
        id,
        reason,
        () -> lifecycle.block(id, reason, body.until(), actor(admin)),
        "account-deleted",
        "Ce compte est supprimé : restaurez-le avant de le bloquer.");
  }

  StaffView unblock(Administrator admin, UUID id) {
    return checkedChange(
        admin,
        "ACCOUNT_UNBLOCKED",
        id,
        () -> lifecycle.unblock(id, actor(admin)),
        "account-not-blocked",
        "Ce compte n'est pas bloqué.");
  }

  StaffView delete(Administrator admin, UUID id) {
    notOneself(admin, id, "ACCOUNT_DELETED");
    return checkedChange(
        admin,
        "ACCOUNT_DELETED",
        id,
        () -> {
          Optional<String> next = lifecycle.delete(id, actor(admin));
          next.ifPresent(state -> roles.revoke(id));
          return next;
        },
        "account-deleted",
        "Ce compte est déjà supprimé.");
  }

  StaffView restore(Administrator admin, UUID id) {
    return checkedChange(
        admin,
        "ACCOUNT_RESTORED",
        id,
        () -> lifecycle.restore(id, actor(admin)),
        "account-not-deleted",
        "Ce compte n'est pas supprimé.");
  }

  /** A state change that needs no body: the person's checks, then the move. */
  private StaffView checkedChange(
      Administrator admin,
      String event,
      UUID id,
      Supplier<Optional<String>> move,
      String conflictCode,
      String conflictDetail) {
    target(admin, id, event);
    notAnAdministrator(admin, id, event);
    return change(admin, event, id, null, move, conflictCode, conflictDetail);
  }

  void requirePasswordRenewal(Administrator admin, UUID id) {
    String event = "PASSWORD_RENEWAL_REQUIRED";
    StaffView staff = target(admin, id, event);
    notAnAdministrator(admin, id, event);
    notOneself(admin, id, event);
    boolean done =
        "ACTIVE".equals(staff.state())
            && QuarkusTransaction.requiringNew()
                .call(
                    () -> {
                      if (!credentials.requireRenewal(id)) {
                        return false;
                      }
                      tokens.revokeAllSessions(id, "PASSWORD_RENEWAL");
                      channels.tellPasswordRenewal(id);
                      return true;
                    });
    if (!done) {
      refuse(admin, event, "INVALID_STATE", id);
      throw new ProblemException(
          409,
          "account-not-active",
          "Action impossible",
          "Seul un compte actif, qui a un mot de passe, peut être obligé d'en changer.");
    }
    done(admin, event, null, id);
  }

  int revokeSessions(Administrator admin, UUID id) {
    String event = "SESSIONS_REVOKED";
    target(admin, id, event);
    notAnAdministrator(admin, id, event);
    int ended = QuarkusTransaction.requiringNew().call(() -> tokens.revokeAllSessions(id, "ADMIN"));
    done(admin, event, null, id);
    return ended;
  }

  AssistedCode assistedReset(Administrator admin, UUID id) {
    String event = "ASSISTED_RESET_ISSUED";
    target(admin, id, event);
    notAnAdministrator(admin, id, event);
    notOneself(admin, id, event);
    Optional<AssistedResetService.Issued> issued =
        QuarkusTransaction.requiringNew().call(() -> assisted.issue(id, admin.staffId()));
    if (issued.isEmpty()) {
      refuse(admin, event, "INVALID_STATE", id);
      throw new ProblemException(
          409,
          "account-not-eligible",
          "Action impossible",
          "Un code ne se remet qu'à un compte en attente ou actif : débloquez ou restaurez-le"
              + " d'abord.");
    }
    done(admin, event, null, id);
    return new AssistedCode(issued.get().code(), issued.get().expiresAt());
  }

  void remindActivation(Administrator admin, UUID id) {
    String event = "ACTIVATION_RESENT";
    target(admin, id, event);
    if (!QuarkusTransaction.requiringNew().call(() -> channels.remindActivation(id))) {
      refuse(admin, event, "INVALID_STATE", id);
      throw new ProblemException(
          409, "account-not-pending", "Action impossible", "Ce compte est déjà activé.");
    }
    done(admin, event, null, id);
  }

  // --- Roles -----------------------------------------------------------------------------------

  PersonDetail grantRole(Administrator admin, UUID id, RoleGrant body) {
    String event = "ROLE_GRANTED";
    StaffView staff = target(admin, id, event);
    notOneself(admin, id, event);
    Optional<Role> role = Optional.ofNullable(body).map(RoleGrant::role).flatMap(Role::of);
    String departement =
        body == null || body.departement() == null ? null : body.departement().strip();
    boolean dsden = role.isPresent() && role.get() == Role.DSDEN_ADMIN;
    boolean knownDepartement = departement != null && !contacts.departements(departement).isEmpty();
    if (role.isEmpty() || dsden != (departement != null) || (dsden && !knownDepartement)) {
      refuse(admin, event, "INVALID_REQUEST", id);
      throw new ProblemException(
          400,
          "invalid-role",
          "Rôle invalide",
          "Le rôle est academie-admin, dsden-admin (avec le code de son département), support ou"
              + " auditor.");
    }
    if (!"ACTIVE".equals(staff.state()) && !"PENDING".equals(staff.state())) {
      refuse(admin, event, "INVALID_STATE", id);
      throw new ProblemException(
          409, "account-not-eligible", "Action impossible", "Ce compte est bloqué ou supprimé.");
    }
    roles.grant(id, role.get(), departement, actor(admin));
    done(admin, event, role.get().wire(), id);
    return view(admin, id);
  }

  void revokeRole(Administrator admin, UUID id) {
    String event = "ROLE_REVOKED";
    target(admin, id, event);
    notOneself(admin, id, event);
    if (!roles.revoke(id)) {
      refuse(admin, event, "INVALID_STATE", id);
      throw new ProblemException(
          404, "role-not-found", "Introuvable", "Cette personne n'a pas de rôle d'administration.");
    }
    done(admin, event, null, id);
  }

  // --- DSDEN contacts --------------------------------------------------------------------------

  List<DepartementView> departements(Administrator admin) {
    List<DepartementView> found = contacts.departements(admin.departement());
    done(admin, "ADMIN_CONTACTS_READ", null, null);
    return found;
  }

  DepartementView putContact(
      Administrator admin, String departement, String category, ContactChange body) {
    String event = "DSDEN_CONTACT_CHANGED";
    if (!admin.covers(departement)) {
      refuse(admin, event, "OUT_OF_SCOPE", null);
      throw new ProblemException(
          404, "departement-not-found", "Introuvable", "Aucun département ne porte ce code.");
    }
    if (body == null) {
      throw new ProblemException(
          400, "malformed-json", "JSON invalide", "Le corps doit être un objet JSON.");
    }
    DepartementView changed =
        attempt(
            admin,
            event,
            null,
            () ->
                contacts.put(
                    departement,
                    category,
                    body.service(),
                    body.email(),
                    body.phone(),
                    body.hours()));
    done(admin, event, departement, null);
    return changed;
  }

  // --- Audit -----------------------------------------------------------------------------------

  /** A DSDEN administrator reads only events about staff of its département. */
  AuditQuery scoped(Administrator admin, AuditQuery query) {
    return new AuditQuery(
        query.event(),
        query.result(),
        query.actor(),
        query.target(),
        query.from(),
        query.to(),
        admin.departement());
  }

  List<AuditRecord> audit(Administrator admin, AuditQuery query, Long before, int limit) {
    List<AuditRecord> page = audit.find(scoped(admin, query), before, limit);
    done(admin, "AUDIT_QUERIED", null, null);
    return page;
  }

  void exportAudit(Administrator admin, AuditQuery query, Consumer<AuditRecord> sink) {
    done(admin, "AUDIT_EXPORTED", null, null);
    audit.export(scoped(admin, query), sink);
  }

  // --- Keys ------------------------------------------------------------------------------------

  String rotateKeys(Administrator admin, boolean emergency) {
    String event = emergency ? "KEYS_EMERGENCY_ROTATED" : "KEYS_ROTATED";
    String jwks = attempt(admin, event, null, () -> tokens.rotateKeys(emergency));
    done(admin, event, null, null);
    return jwks;
  }

  // --- Imports (the service itself is called by the resource, which streams the file) ----------

  void imported(Administrator admin, String event, boolean success, String reason) {
    if (success) {
      done(admin, event, reason, null);
    } else {
      refuse(admin, event, reason, null);
    }
  }

  // --- Shared checks ---------------------------------------------------------------------------

  /** The person an action is about, if the administrator covers them; 404 (audited) otherwise. */
  StaffView target(Administrator admin, UUID id, String event) {
    Optional<StaffView> staff = id == null ? Optional.empty() : directory.find(id);
    if (staff.isEmpty() || !admin.covers(staff.get().departement())) {
      refuse(
          admin,
          event,
          staff.isEmpty() ? "NOT_FOUND" : "OUT_OF_SCOPE",
          staff.map(StaffView::id).orElse(null));
      throw AdminRefused.noSuchPerson();
    }
    return staff.get();
  }

  /**
   * Only académie administrators act on administrators: a DSDEN administrator or support who could
   * block, reset or hand a code for an académie administrator's account could take it over.
   */
  private void notAnAdministrator(Administrator admin, UUID id, String event) {
    if (admin.role() != Role.ACADEMIE_ADMIN && roles.holds(id)) {
      refuse(admin, event, "TARGET_IS_ADMINISTRATOR", id);
      throw new ProblemException(
          403,
          "target-is-administrator",
          "Action réservée",
          "Cette personne administre Sésame : seul un administrateur de l'académie agit sur son"
              + " compte.");
    }
  }

  private void notOneself(Administrator admin, UUID id, String event) {
    if (admin.staffId().equals(id)) {
      refuse(admin, event, "SELF", id);
      throw new ProblemException(
          409,
          "own-account",
          "Action impossible",
          "Un administrateur n'agit pas ainsi sur son propre compte : demandez-le à un autre.");
    }
  }

  private StaffView change(
      Administrator admin,
      String event,
      UUID id,
      String reason,
      Supplier<Optional<String>> move,
      String conflictCode,
      String conflictDetail) {
    Optional<String> moved = QuarkusTransaction.requiringNew().call(move::get);
    if (moved.isEmpty()) {
      refuse(admin, event, "INVALID_STATE", id);
      throw new ProblemException(409, conflictCode, "Action impossible", conflictDetail);
    }
    done(admin, event, reason, id);
    return directory.find(id).orElseThrow();
  }

  /** Runs an action whose bad input is refused by a ProblemException, auditing the refusal. */
  private <T> T attempt(Administrator admin, String event, UUID target, Supplier<T> action) {
    try {
      return action.get();
    } catch (ProblemException e) {
      refuse(admin, event, "INVALID_REQUEST", target);
      throw e;
    }
  }

  private void done(Administrator admin, String event, String reason, UUID target) {
    audit.record(
        new AuditEvent(event, true, reason, admin.staffId(), target, admin.clientAddress()),
        admin.userAgent());
  }

  void refuse(Administrator admin, String event, String reason, UUID target) {
    audit.record(
        new AuditEvent(event, false, reason, admin.staffId(), target, admin.clientAddress()),
        admin.userAgent());
  }

  private static String actor(Administrator admin) {
    return "admin:" + admin.staffId();
  }
}
