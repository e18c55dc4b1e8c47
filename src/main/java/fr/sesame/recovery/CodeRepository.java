package fr.sesame.recovery;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** One-time codes: issued, counted, consumed, each by one statement. */
@ApplicationScoped
class CodeRepository {

  /** A code that passed the attempt count and may now be compared. */
  record Counted(UUID id, byte[] hash) {}

  /** Why no code could be counted. */
  enum Dead {
    NONE,
    EXPIRED,
    EXHAUSTED
  }

  private final DataSource dataSource;

  CodeRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Issues a code, voiding the live ones of the flow and of the account for that purpose: a new
   * code always voids the old. Runs in the caller's transaction.
   */
  void issue(
      UUID id,
      UUID flowId,
      UUID staffId,
      String purpose,
      byte[] hash,
      Instant now,
      Instant expiresAt) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement voidOld =
            connection.prepareStatement(
                "UPDATE one_time_code SET voided_at = ? WHERE consumed_at IS NULL"
                    + " AND voided_at IS NULL AND (flow_id = ? OR (staff_id = ? AND purpose = ?))");
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO one_time_code (id, flow_id, staff_id, purpose, code_hash,"
                    + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      voidOld.setTimestamp(1, Timestamp.from(now));
      voidOld.setObject(2, flowId);
      voidOld.setObject(3, staffId);
      voidOld.setString(4, purpose);
      voidOld.executeUpdate();
      insert.setObject(1, id);
      insert.setObject(2, flowId);
      insert.setObject(3, staffId);
      insert.setString(4, purpose);
      insert.setBytes(5, hash);
      insert.setTimestamp(6, Timestamp.from(now));
      insert.setTimestamp(7, Timestamp.from(expiresAt));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("code not issued", e);
    }
  }

  /**
   * Counts one attempt against the flow's live code before anything is compared, so that parallel
   * guesses are all counted; empty when there is no live code, it expired or it has no attempt
   * left. Commits on its own: a failed comparison must not roll the count back.
   */
  Optional<Counted> count(UUID flowId, int maxAttempts, Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE one_time_code SET attempts = attempts + 1 WHERE flow_id = ?"
                    + " AND consumed_at IS NULL AND voided_at IS NULL AND expires_at > ?"
                    + " AND attempts < ? RETURNING id, code_hash")) {
      update.setObject(1, flowId);
      update.setTimestamp(2, Timestamp.from(now));
      update.setInt(3, maxAttempts);
      try (ResultSet rows = update.executeQuery()) {
        return rows.next()
            ? Optional.of(new Counted(rows.getObject(1, UUID.class), rows.getBytes(2)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("code not counted", e);
    }
  }

  /** Why the flow has no code to compare. */
  Dead why(UUID flowId, int maxAttempts, Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT expires_at <= ?, attempts >= ? FROM one_time_code WHERE flow_id = ?"
                    + " AND consumed_at IS NULL AND voided_at IS NULL")) {
      select.setTimestamp(1, Timestamp.from(now));
      select.setInt(2, maxAttempts);
      select.setObject(3, flowId);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Dead.NONE;
        }
        return rows.getBoolean(1) ? Dead.EXPIRED : Dead.EXHAUSTED;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("code unreadable", e);
    }
  }

  /** Consumes a code: true for exactly one of any number of parallel calls. */
  boolean consume(UUID id, Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE one_time_code SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL"
                    + " AND voided_at IS NULL AND expires_at > ?")) {
      update.setTimestamp(1, Timestamp.from(now));
      update.setObject(2, id);
      update.setTimestamp(3, Timestamp.from(now));
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("code not consumed", e);
    }
  }

  /** When the flow's live code was issued, for the resend cooldown. */
  Optional<Instant> issuedAt(UUID flowId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT max(created_at) FROM one_time_code WHERE flow_id = ?")) {
      select.setObject(1, flowId);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        Timestamp at = rows.getTimestamp(1);
        return at == null ? Optional.empty() : Optional.of(at.toInstant());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("code unreadable", e);
    }
  }
}
