package fr.sesame.recovery;

import fr.sesame.audit.AuditEvent;
import fr.sesame.audit.AuditService;
import fr.sesame.directory.AccountStateChanged;
import fr.sesame.directory.AccountView;
import fr.sesame.directory.DirectoryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Assisted reset: an administrator who has checked a person's identity (in person, on the phone
 * with the DSDEN's usual checks) gets a one-time code to hand over, never a password. The person
 * types their login and the code, then chooses their password themselves: a new one for an active
 * account (a reset), the first one for a pending account (its activation).
 *
 * <p>The code is 12 characters from an alphabet without look-alikes (about 59 bits), shown once to
 * the administrator and kept as a keyed digest bound to the person; it lives an hour by default,
 * survives 5 wrong entries, and one redemption consumes it with a conditional DELETE.
 */
@ApplicationScoped
public class AssistedResetService {

  private static final char[] ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();
  private static final int LENGTH = 12;

  /** A code just issued: shown once to the administrator. */
  public record Issued(String code, Instant expiresAt) {}

  private final DataSource dataSource;
  private final FlowService flows;
  private final AntiBotService antiBot;
  private final DirectoryService directory;
  private final RecoveryConfig config;
  private final AuditService audit;
  private final Clock clock;
  private final SecureRandom random;

  AssistedResetService(
      DataSource dataSource,
      FlowService flows,
      AntiBotService antiBot,
      DirectoryService directory,
      RecoveryConfig config,
      AuditService audit,
      Clock clock,
      SecureRandom random) {
    this.dataSource = dataSource;
    this.flows = flows;
    this.antiBot = antiBot;
    this.directory = directory;
    this.config = config;
    this.audit = audit;
    this.clock = clock;
    this.random = random;
  }

  /**
   * A new code for a PENDING or ACTIVE person, replacing any earlier one; empty when the account is
   * blocked or deleted (unblock it first). Joins the caller's transaction.
   */
  @Transactional
  public Optional<Issued> issue(UUID staffId, UUID administrator) {
    Optional<AccountView> account =
        directory
            .account(staffId)
            .filter(a -> "PENDING".equals(a.state()) || "ACTIVE".equals(a.state()));
    if (account.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < LENGTH; i++) {
      if (i > 0 && i % 4 == 0) {
        code.append('-');
      }
      code.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    Instant now = clock.instant();
    Instant expires = now.plus(config.codes().assistedLifetime());
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO assisted_code (staff_id, code_hash, attempts, issued_by, created_at,"
                    + " expires_at) VALUES (?, ?, 0, ?, ?, ?) ON CONFLICT (staff_id) DO UPDATE SET"
                    + " code_hash = excluded.code_hash, attempts = 0, issued_by ="
                    + " excluded.issued_by, created_at = excluded.created_at, expires_at ="
                    + " excluded.expires_at")) {
      upsert.setObject(1, staffId);
      upsert.setBytes(2, digest(staffId, code.toString()));
      upsert.setObject(3, administrator);
      upsert.setTimestamp(4, Timestamp.from(now));
      upsert.setTimestamp(5, Timestamp.from(expires));
      upsert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("assisted code not stored", e);
    }
    return Optional.of(new Issued(code.toString(), expires));
  }

  /**
   * Redeems a code: the next step of an activation (PENDING) or of a reset (ACTIVE), as a flow the
   * caller continues with its handle. Unknown login, wrong, dead or used code: one refusal.
   */
  public FlowView redeem(
      String identifier, String typed, String antiBotSolution, String clientAddress) {
    flows.limitIdentification(clientAddress, antiBot.solved(antiBotSolution), List.of());
    String code = normalise(typed);
    Optional<AccountView> account =
        identifier == null || code == null
            ? Optional.empty()
            : directory
                .accountByLogin(identifier)
                .filter(a -> "PENDING".equals(a.state()) || "ACTIVE".equals(a.state()));
    if (account.isEmpty() || !consume(account.get().id(), code)) {
      audit.record(
          AuditEvent.failure(
              "ASSISTED_CODE_USED",
              "code-invalid",
              account.map(AccountView::id).orElse(null),
              clientAddress));
      throw RecoveryRefused.of(422, "assisted-code-invalid");
    }
    AccountView person = account.get();
    audit.record(AuditEvent.success("ASSISTED_CODE_USED", person.id(), clientAddress));
    boolean pending = "PENDING".equals(person.state());
    Flow.State state = pending ? Flow.State.IDENTIFIED : Flow.State.VERIFIED;
    FlowService.Started started =
        flows.create(
            pending ? Flow.Kind.ACTIVATION : Flow.Kind.RESET,
            state,
            person.id(),
            true,
            "staff:" + person.id(),
            List.of(),
            null,
            null,
            person.language());
    return flows.view(started.flow(), started.handle(), state, null);
  }

  /** A block or a deletion voids the person's assisted code with the rest. */
  void onStateChanged(@Observes AccountStateChanged change) {
    if (change.locksOut()) {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement delete =
              connection.prepareStatement("DELETE FROM assisted_code WHERE staff_id = ?")) {
        delete.setObject(1, change.staffId());
        delete.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException("assisted code not voided", e);
      }
    }
  }

  /** Counts the attempt first, compares in constant time, and consumes on a match. */
  private boolean consume(UUID staffId, String code) {
    Instant now = clock.instant();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement count =
            connection.prepareStatement(
                "UPDATE assisted_code SET attempts = attempts + 1 WHERE staff_id = ?"
                    + " AND expires_at > ? AND attempts < ? RETURNING code_hash")) {
      count.setObject(1, staffId);
      count.setTimestamp(2, Timestamp.from(now));
      count.setInt(3, config.codes().attempts());
      byte[] stored;
      try (ResultSet rows = count.executeQuery()) {
        if (!rows.next()) {
          return false;
        }
        stored = rows.getBytes(1);
      }
      if (!MessageDigest.isEqual(stored, digest(staffId, code))) {
        return false;
      }
      try (PreparedStatement delete =
          connection.prepareStatement(
              "DELETE FROM assisted_code WHERE staff_id = ? AND code_hash = ?")) {
        delete.setObject(1, staffId);
        delete.setBytes(2, stored);
        return delete.executeUpdate() == 1;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("assisted code unreadable", e);
    }
  }

  private byte[] digest(UUID staffId, String code) {
    return FlowService.sha256(
        (flows.digest("assisted", staffId + ":" + code)).getBytes(StandardCharsets.US_ASCII));
  }

  /** Upper case, without the spaces and dashes people type or not; null when it cannot be one. */
  static String normalise(String typed) {
    if (typed == null || typed.length() > 64) {
      return null;
    }
    String letters = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
    if (letters.length() != LENGTH) {
      return null;
    }
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < LENGTH; i++) {
      if (i > 0 && i % 4 == 0) {
        code.append('-');
      }
      code.append(letters.charAt(i));
    }
    return code.toString();
  }
}
