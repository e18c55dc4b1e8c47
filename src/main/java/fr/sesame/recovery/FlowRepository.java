package fr.sesame.recovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.sesame.notify.Channel;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/** Persisted flows. Every step moves a flow with one conditional UPDATE on its current state. */
@ApplicationScoped
class FlowRepository {

  private static final TypeReference<List<FlowOption>> OPTIONS = new TypeReference<>() {};
  private static final String COLUMNS =
      "SELECT id, kind, state, staff_id, deliverable, subject, options, code_channel,"
          + " pending_channel, pending_value, language, expires_at FROM recovery_flow";

  private final DataSource dataSource;
  private final ObjectMapper json;

  FlowRepository(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  void create(Flow flow, byte[] handleHash, Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO recovery_flow (id, handle_hash, kind, state, staff_id, deliverable,"
                    + " subject, options, pending_channel, pending_value, language, created_at,"
                    + " updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)")) {
      insert.setObject(1, flow.id());
      insert.setBytes(2, handleHash);
      insert.setString(3, flow.kind().name());
      insert.setString(4, flow.state().name());
      insert.setObject(5, flow.staffId());
      insert.setBoolean(6, flow.deliverable());
      insert.setString(7, flow.subject());
      insert.setString(8, json.writeValueAsString(flow.options()));
      insert.setString(9, flow.pendingChannel() == null ? null : flow.pendingChannel().name());
      insert.setString(10, flow.pendingValue());
      insert.setString(11, flow.language());
      insert.setTimestamp(12, Timestamp.from(now));
      insert.setTimestamp(13, Timestamp.from(now));
      insert.setTimestamp(14, Timestamp.from(flow.expiresAt()));
      insert.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("flow not created", e);
    }
  }

  /** The live flow of this handle's digest. */
  Optional<Flow> find(byte[] handleHash, Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(COLUMNS + " WHERE handle_hash = ? AND expires_at > ?")) {
      select.setBytes(1, handleHash);
      select.setTimestamp(2, Timestamp.from(now));
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Flow(
                rows.getObject(1, UUID.class),
                Flow.Kind.valueOf(rows.getString(2)),
                Flow.State.valueOf(rows.getString(3)),
                rows.getObject(4, UUID.class),
                rows.getBoolean(5),
                rows.getString(6),
                json.readValue(rows.getString(7), OPTIONS),
                channel(rows.getString(8)),
                channel(rows.getString(9)),
                rows.getString(10),
                rows.getString(11),
                rows.getTimestamp(12).toInstant()));
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("flow unreadable", e);
    }
  }

  /**
   * Moves a flow from one of {@code from} to {@code to}, setting the code channel and the pending
   * contact as given; false when the flow was not in one of those states (a parallel step won, or a
   * step out of order).
   */
  boolean advance(
      UUID id,
      Set<Flow.State> from,
      Flow.State to,
      Channel codeChannel,
      Channel pendingChannel,
      String pendingValue,
      Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE recovery_flow SET state = ?, code_channel = ?, pending_channel = ?,"
                    + " pending_value = ?, updated_at = ?"
                    + " WHERE id = ? AND state = ANY (?) AND expires_at > ?")) {
      update.setString(1, to.name());
      update.setString(2, codeChannel == null ? null : codeChannel.name());
      update.setString(3, pendingChannel == null ? null : pendingChannel.name());
      update.setString(4, pendingValue);
      update.setTimestamp(5, Timestamp.from(now));
      update.setObject(6, id);
      update.setArray(
          7,
          connection.createArrayOf("text", from.stream().map(Enum::name).toArray(String[]::new)));
      update.setTimestamp(8, Timestamp.from(now));
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("flow not updated", e);
    }
  }

  /** Ends every flow of a person (and their codes): a block or a deletion. */
  int forget(UUID staffId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM recovery_flow WHERE staff_id = ?")) {
      delete.setObject(1, staffId);
      return delete.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("flows not ended", e);
    }
  }

  /** Forgets flows (and their codes) that ended long enough ago. */
  int purge(Instant before) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM recovery_flow WHERE expires_at < ?")) {
      delete.setTimestamp(1, Timestamp.from(before));
      return delete.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("flows not purged", e);
    }
  }

  private static Channel channel(String name) {
    return name == null ? null : Channel.valueOf(name);
  }

  static Set<Flow.State> states(Flow.State... states) {
    return Set.copyOf(Arrays.asList(states));
  }
}
