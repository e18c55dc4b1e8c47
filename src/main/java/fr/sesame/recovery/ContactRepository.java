package fr.sesame.recovery;

import fr.sesame.notify.Channel;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Verified recovery contacts. Joins the caller's transaction. */
@ApplicationScoped
class ContactRepository {

  /** A verified contact. */
  record Contact(Channel channel, String value, Instant verifiedAt) {}

  private final DataSource dataSource;

  ContactRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  List<Contact> of(UUID staffId) {
    List<Contact> contacts = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT channel, value, verified_at FROM recovery_contact WHERE staff_id = ?"
                    + " ORDER BY channel")) {
      select.setObject(1, staffId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          contacts.add(
              new Contact(
                  Channel.valueOf(rows.getString(1)),
                  rows.getString(2),
                  rows.getTimestamp(3).toInstant()));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("contacts unreadable", e);
    }
    return contacts;
  }

  /** Stores a verified contact; returns the value it replaced, if any. */
  Optional<String> put(UUID staffId, Channel channel, String value, Instant now) {
    Optional<String> previous = remove(staffId, channel);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO recovery_contact (staff_id, channel, value, verified_at)"
                    + " VALUES (?, ?, ?, ?)")) {
      insert.setObject(1, staffId);
      insert.setString(2, channel.name());
      insert.setString(3, value);
      insert.setTimestamp(4, Timestamp.from(now));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("contact not stored", e);
    }
    return previous.filter(old -> !old.equals(value));
  }

  /** Removes a contact; returns its value, if there was one. */
  Optional<String> remove(UUID staffId, Channel channel) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM recovery_contact WHERE staff_id = ? AND channel = ? RETURNING value")) {
      delete.setObject(1, staffId);
      delete.setString(2, channel.name());
      try (ResultSet rows = delete.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("contact not removed", e);
    }
  }

  /** Forgets every contact of a person (a deletion). */
  void removeAll(UUID staffId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM recovery_contact WHERE staff_id = ?")) {
      delete.setObject(1, staffId);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("contacts not removed", e);
    }
  }
}
