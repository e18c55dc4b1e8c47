package fr.sesame.directory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The states an administrator moves an account through: blocked (with a reason, maybe until a
 * date), unblocked, deleted (soft: nothing works, the row stays for the retention period),
 * restored, and purged at last. Each move is one conditional UPDATE on the current state, filed in
 * account_state_change, and announced by {@link AccountStateChanged} in the same transaction.
 */
@ApplicationScoped
public class AccountLifecycle {

  /** Why an account is blocked; the values of staff.block_reason. */
  public static final Set<String> BLOCK_REASONS =
      Set.of("COMPROMISED", "SPAM", "DEPARTURE", "OTHER");

  private final DataSource dataSource;
  private final Event<AccountStateChanged> changed;
  private final Clock clock;

  AccountLifecycle(DataSource dataSource, Event<AccountStateChanged> changed, Clock clock) {
    this.dataSource = dataSource;
    this.changed = changed;
    this.clock = clock;
  }

  /**
   * Blocks a PENDING or ACTIVE account, or changes the reason or end of a block. Empty when the
   * account is deleted (or does not exist).
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<String> block(UUID id, String reason, Instant until, String actor) {
    return move(
        id,
        Set.of("PENDING", "ACTIVE", "BLOCKED"),
        "'BLOCKED'",
        "block_reason = ?, blocked_until = ?",
        java.util.Arrays.asList(reason, until == null ? null : Timestamp.from(until)),
        reason,
        actor);
  }

  /**
   * Unblocks: back to ACTIVE when the person has a password, PENDING otherwise. Empty when the
   * account was not blocked.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<String> unblock(UUID id, String actor) {
    return move(
        id,
        Set.of("BLOCKED"),
        "CASE WHEN EXISTS (SELECT 1 FROM credential c WHERE c.staff_id = staff.id)"
            + " THEN 'ACTIVE' ELSE 'PENDING' END",
        "block_reason = NULL, blocked_until = NULL",
        List.of(),
        null,
        actor);
  }

  /** Deletes (softly). Empty when already deleted. */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<String> delete(UUID id, String actor) {
    return move(
        id,
        Set.of("PENDING", "ACTIVE", "BLOCKED"),
        "'DELETED'",
        "block_reason = NULL, blocked_until = NULL, deleted_at = ?",
        List.of(Timestamp.from(clock.instant())),
        null,
        actor);
  }

  /**
   * Restores a deleted account as PENDING: its password and contacts went with the deletion, so the
   * person activates it again. Empty when it was not deleted.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<String> restore(UUID id, String actor) {
    return move(id, Set.of("DELETED"), "'PENDING'", "deleted_at = NULL", List.of(), null, actor);
  }

  /** Blocks whose end date has passed, locked for this transaction (one replica takes each). */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<UUID> endedBlocks(int limit) {
    return ids(
        "SELECT id FROM staff WHERE state = 'BLOCKED' AND blocked_until <= ?"
            + " ORDER BY blocked_until LIMIT ? FOR UPDATE SKIP LOCKED",
        clock.instant(),
        limit);
  }

  /** Deleted accounts whose retention ended before {@code deletedBefore}, locked likewise. */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<UUID> expiredDeletions(Instant deletedBefore, int limit) {
    return ids(
        "SELECT id FROM staff WHERE state = 'DELETED' AND deleted_at < ?"
            + " ORDER BY deleted_at LIMIT ? FOR UPDATE SKIP LOCKED",
        deletedBefore,
        limit);
  }

  /**
   * Removes a deleted account and everything that still names it, for good. The login and address
   * it had are never handed out again (identifier_sequence only counts up).
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean purge(UUID id) {
    try (Connection connection = dataSource.getConnection()) {
      for (String table :
          List.of(
              "outbox_message",
              "one_time_code",
              "recovery_flow",
              "recovery_contact",
              "session",
              "credential",
              "account_state_change")) {
        try (PreparedStatement delete =
            connection.prepareStatement("DELETE FROM " + table + " WHERE staff_id = ?")) {
          delete.setObject(1, id);
          delete.executeUpdate();
        }
      }
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM staff WHERE id = ? AND state = 'DELETED'")) {
        delete.setObject(1, id);
        return delete.executeUpdate() == 1;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("account not purged", e);
    }
  }

  /** The state history of an account, oldest first. */
  public List<StateChange> history(UUID id) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT from_state, to_state, reason, actor, changed_at FROM account_state_change"
                    + " WHERE staff_id = ? ORDER BY changed_at, id")) {
      select.setObject(1, id);
      List<StateChange> changes = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          changes.add(
              new StateChange(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getTimestamp(5).toInstant()));
        }
      }
      return changes;
    } catch (SQLException e) {
      throw new IllegalStateException("history unreadable", e);
    }
  }

  /** One change of state. */
  public record StateChange(String from, String to, String reason, String actor, Instant at) {}

  private Optional<String> move(
      UUID id,
      Set<String> from,
      String toExpression,
      String assignments,
      List<Object> values,
      String reason,
      String actor) {
    Instant now = clock.instant();
    String placeholders = String.join(", ", from.stream().map(state -> "?").toList());
    String sql =
        "UPDATE staff SET state = "
            + toExpression
            + ", "
            + assignments
            + ", updated_at = ? FROM (SELECT id, state FROM staff WHERE id = ? FOR UPDATE) old"
            + " WHERE staff.id = old.id AND old.state IN ("
            + placeholders
            + ") RETURNING old.state, staff.state";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(sql)) {
      int index = 1;
      for (Object value : values) {
        update.setObject(index++, value);
      }
      update.setTimestamp(index++, Timestamp.from(now));
      update.setObject(index++, id);
      for (String state : from) {
        update.setString(index++, state);
      }
      String previous;
      String next;
      try (ResultSet rows = update.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        previous = rows.getString(1);
        next = rows.getString(2);
      }
      try (PreparedStatement history =
          connection.prepareStatement(
              "INSERT INTO account_state_change (staff_id, from_state, to_state, reason, actor,"
                  + " changed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        history.setObject(1, id);
        history.setString(2, previous);
        history.setString(3, next);
        history.setString(4, reason);
        history.setString(5, actor);
        history.setTimestamp(6, Timestamp.from(now));
        history.executeUpdate();
      }
      changed.fire(new AccountStateChanged(id, previous, next, reason));
      return Optional.of(next);
    } catch (SQLException e) {
      throw new IllegalStateException("state change not recorded", e);
    }
  }

  /** The ids a claim query selects, {@code at} and {@code limit} its two parameters. */
  private List<UUID> ids(String sql, Instant at, int limit) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setTimestamp(1, Timestamp.from(at));
      select.setInt(2, limit);
      List<UUID> ids = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getObject(1, UUID.class));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException("due accounts unreadable", e);
    }
  }
}
