package fr.sesame.credentials;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stores passwords as Argon2id hashes. The password policy, login and the flows that set a password
 * (activation, reset, change) build on it.
 */
@ApplicationScoped
public class CredentialService {

  private final DataSource dataSource;
  private final PasswordHasher hasher;
  private final Clock clock;

  CredentialService(
      DataSource dataSource, PasswordHashConfig config, SecureRandom random, Clock clock) {
    this.dataSource = dataSource;
    this.hasher = new PasswordHasher(config, random);
    this.clock = clock;
  }

  /** True when the account has a password and this is it (constant-time comparison). */
  @Transactional
  public boolean verifyPassword(UUID staffId, String password) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT password_hash FROM credential WHERE staff_id = ?")) {
      select.setObject(1, staffId);
      try (java.sql.ResultSet rows = select.executeQuery()) {
        return rows.next() && hasher.verify(password, rows.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("password not readable", e);
    }
  }

  /** Sets (or replaces) the password of an account. */
  @Transactional
  public void setPassword(UUID staffId, String password) {
    String hash = hasher.hash(password);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO credential (staff_id, password_hash, changed_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (staff_id) DO UPDATE"
                    + " SET password_hash = excluded.password_hash, changed_at = excluded.changed_at")) {
      upsert.setObject(1, staffId);
      upsert.setString(2, hash);
      upsert.setTimestamp(3, Timestamp.from(clock.instant()));
      upsert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("password not stored", e);
    }
  }
}
