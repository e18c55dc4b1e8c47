package fr.sesame.platform;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Scheduled housekeeping that one replica at a time should do (purges): the job runs in a
 * transaction holding a PostgreSQL advisory lock named after it, and a replica that finds the lock
 * taken skips this round instead of doing the same work twice.
 */
@ApplicationScoped
public class OneReplica {

  private final DataSource dataSource;

  OneReplica(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs {@code job} unless another replica is running the job of that name; true if it ran. */
  public boolean run(String name, Runnable job) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              if (!locked(name)) {
                return false;
              }
              job.run();
              return true;
            });
  }

  private boolean locked(String name) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement lock =
            connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
      lock.setLong(1, key(name));
      try (ResultSet rows = lock.executeQuery()) {
        rows.next();
        return rows.getBoolean(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("advisory lock not taken", e);
    }
  }

  /** A 64-bit lock key from the job's name: "sesame:" + name, SHA-256, first eight bytes. */
  static long key(String name) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("sesame:" + name).getBytes(StandardCharsets.UTF_8));
      long key = 0;
      for (int i = 0; i < 8; i++) {
        key = (key << 8) | (digest[i] & 0xff);
      }
      return key;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
