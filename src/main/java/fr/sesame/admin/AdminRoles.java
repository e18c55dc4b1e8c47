package fr.sesame.admin;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Who holds an administrator role (table admin_role). */
@ApplicationScoped
class AdminRoles {

  /** A role held, and the département of a DSDEN administrator. */
  record Held(Role role, String departement) {}

  private final DataSource dataSource;
  private final Clock clock;

  AdminRoles(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /** The role of an ACTIVE person, if any: a blocked administrator administers nothing. */
  Optional<Held> of(UUID staffId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT r.role, r.departement_code FROM admin_role r JOIN staff s ON s.id ="
                    + " r.staff_id WHERE r.staff_id = ? AND s.state = 'ACTIVE'")) {
      select.setObject(1, staffId);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        String departement = rows.getString(2);
        return Role.of(rows.getString(1)).map(role -> new Held(role, departement));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("roles unreadable", e);
    }
  }

  /** True when the person holds a role, whatever their account's state. */
  boolean holds(UUID staffId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT 1 FROM admin_role WHERE staff_id = ?")) {
      select.setObject(1, staffId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("roles unreadable", e);
    }
  }

  /** Gives (or replaces) a person's role. */
  void grant(UUID staffId, Role role, String departement, String grantedBy) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO admin_role (staff_id, role, departement_code, granted_at, granted_by)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (staff_id) DO UPDATE SET role ="
                    + " excluded.role, departement_code = excluded.departement_code, granted_at ="
                    + " excluded.granted_at, granted_by = excluded.granted_by")) {
      upsert.setObject(1, staffId);
      upsert.setString(2, role.wire());
      upsert.setString(3, departement);
      upsert.setTimestamp(4, Timestamp.from(clock.instant()));
      upsert.setString(5, grantedBy);
      upsert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("role not granted", e);
    }
  }

  /** Takes a person's role away; false when they had none. */
  boolean revoke(UUID staffId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM admin_role WHERE staff_id = ?")) {
      delete.setObject(1, staffId);
      return delete.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("role not revoked", e);
    }
  }

  /** How many académie administrators there are (the first one is made at start-up). */
  int academieAdministrators() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(*) FROM admin_role WHERE role = 'academie-admin'");
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException("roles unreadable", e);
    }
  }
}
