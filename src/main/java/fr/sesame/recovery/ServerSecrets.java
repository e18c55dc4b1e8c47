package fr.sesame.recovery;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Keys the service makes for itself and every replica shares (the anti-bot HMAC, the decoy
 * options): created on first use by whichever replica comes first, read by the others. They guard
 * against forgery from outside, not against someone who reads the database.
 */
@ApplicationScoped
class ServerSecrets {

  private final DataSource dataSource;
  private final SecureRandom random;
  private final Clock clock;
  private final Map<String, byte[]> known = new ConcurrentHashMap<>();

  ServerSecrets(DataSource dataSource, SecureRandom random, Clock clock) {
    this.dataSource = dataSource;
    this.random = random;
    this.clock = clock;
  }

  byte[] get(String name) {
    return known.computeIfAbsent(name, this::load).clone();
  }

  private byte[] load(String name) {
    byte[] fresh = new byte[32];
    random.nextBytes(fresh);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO server_secret (name, value, created_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (name) DO NOTHING");
        PreparedStatement select =
            connection.prepareStatement("SELECT value FROM server_secret WHERE name = ?")) {
      insert.setString(1, name);
      insert.setBytes(2, fresh);
      insert.setTimestamp(3, Timestamp.from(clock.instant()));
      insert.executeUpdate();
      select.setString(1, name);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getBytes(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("server secret unreadable", e);
    }
  }
}
