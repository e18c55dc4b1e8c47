package fr.sesame.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** The outbox table. Joins the caller's transaction when there is one. */
@ApplicationScoped
class OutboxRepository {

  private static final TypeReference<Map<String, String>> PARAMETERS = new TypeReference<>() {};

  private final DataSource dataSource;
  private final ObjectMapper json;

  OutboxRepository(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  /** A message claimed by the courier. */
  record Claimed(
      UUID id,
      Channel channel,
      String recipient,
      String kind,
      String language,
      Map<String, String> parameters,
      Instant discardAfter,
      int attempts) {}

  void insert(UUID id, Notification message, Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO outbox_message (id, channel, recipient, kind, language, parameters,"
                    + " staff_id, created_at, discard_after, next_attempt_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)")) {
      insert.setObject(1, id);
      insert.setString(2, message.channel().name());
      insert.setString(3, message.recipient());
      insert.setString(4, message.kind());
      insert.setString(5, message.language());
      insert.setString(6, json.writeValueAsString(message.parameters()));
      insert.setObject(7, message.staffId());
      insert.setTimestamp(8, Timestamp.from(now));
      insert.setTimestamp(
          9, message.discardAfter() == null ? null : Timestamp.from(message.discardAfter()));
      insert.setTimestamp(10, Timestamp.from(now));
      insert.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("message not queued", e);
    }
  }

  /**
   * Claims due messages for {@code lease}: rows another replica holds are skipped, not waited for,
   * and a claim that outlives its lease (a replica that died mid-send) is taken over.
   */
  List<Claimed> claim(int limit, Instant now, Instant leaseEnd) {
    List<Claimed> claimed = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE outbox_message m SET locked_until = ?, attempts = m.attempts + 1"
                    + " FROM (SELECT id FROM outbox_message"
                    + " WHERE sent_at IS NULL AND discarded_at IS NULL AND next_attempt_at <= ?"
                    + " AND (locked_until IS NULL OR locked_until < ?)"
                    + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due"
                    + " WHERE m.id = due.id"
                    + " RETURNING m.id, m.channel, m.recipient, m.kind, m.language, m.parameters,"
                    + " m.discard_after, m.attempts")) {
      update.setTimestamp(1, Timestamp.from(leaseEnd));
      update.setTimestamp(2, Timestamp.from(now));
      update.setTimestamp(3, Timestamp.from(now));
      update.setInt(4, limit);
      try (ResultSet rows = update.executeQuery()) {
        while (rows.next()) {
          Timestamp discard = rows.getTimestamp(7);
          claimed.add(
              new Claimed(
                  rows.getObject(1, UUID.class),
                  Channel.valueOf(rows.getString(2)),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  json.readValue(rows.getString(6), PARAMETERS),
                  discard == null ? null : discard.toInstant(),
                  rows.getInt(8)));
        }
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("outbox not readable", e);
    }
    return claimed;
  }

  /** Done: sent, its parameters (maybe a code) erased. */
  void sent(UUID id, Instant now) {
    finish(id, "sent_at", now);
  }

  /** Dropped unsent because it became useless, its parameters erased. */
  void discarded(UUID id, Instant now) {
    finish(id, "discarded_at", now);
  }

  private void finish(UUID id, String column, Instant now) {
    execute(
        "UPDATE outbox_message SET "
            + column
            + " = ?, locked_until = NULL, parameters = '{}'::jsonb WHERE id = ?",
        Timestamp.from(now),
        id);
  }

  /** Sending failed: try again at {@code next}, with the failure's category (never its text). */
  void failed(UUID id, Instant next, String error) {
    execute(
        "UPDATE outbox_message SET locked_until = NULL, next_attempt_at = ?, last_error = ?"
            + " WHERE id = ?",
        Timestamp.from(next),
        error,
        id);
  }

  private void execute(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("outbox not updated", e);
    }
  }

  /** Messages accepted and not yet sent nor discarded (the outbox backlog metric). */
  long backlog() {
    try (java.sql.Connection connection = dataSource.getConnection();
        java.sql.PreparedStatement count =
            connection.prepareStatement(
                "SELECT count(*) FROM outbox_message WHERE sent_at IS NULL AND discarded_at IS NULL");
        java.sql.ResultSet rows = count.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("outbox unreadable", e);
    }
  }
}
