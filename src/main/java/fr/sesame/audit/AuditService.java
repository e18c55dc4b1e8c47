package fr.sesame.audit;

import fr.sesame.platform.SafeErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Records security events. Inside a transaction the row commits (or not) with the change it
 * records; outside one (a refused login, a wrong code) it commits on its own, so that a refusal is
 * recorded although the request fails.
 */
@ApplicationScoped
public class AuditService {

  private static final Logger LOG = Logger.getLogger(AuditService.class);
  private static final int LONGEST_ADDRESS = 64;
  private static final int LONGEST_REASON = 64;

  private final DataSource dataSource;
  private final Clock clock;

  AuditService(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  public void record(AuditEvent event) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO audit_event (occurred_at, event, result, reason, actor_id, target_id,"
                    + " client_address) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setTimestamp(1, Timestamp.from(clock.instant()));
      insert.setString(2, event.event());
      insert.setString(3, event.success() ? "SUCCESS" : "FAILURE");
      insert.setString(4, bounded(event.reason(), LONGEST_REASON));
      insert.setObject(5, event.actor());
      insert.setObject(6, event.target());
      insert.setString(7, bounded(event.clientAddress(), LONGEST_ADDRESS));
      insert.executeUpdate();
    } catch (SQLException e) {
      // Inside a transaction the failure reaches the caller through the rollback; outside one,
      // a lost audit row must not turn a refusal into a 500.
      SafeErrors.log(LOG, "Audit event not recorded: " + event.event(), e);
    }
  }

  private static String bounded(String value, int longest) {
    if (value == null) {
      return null;
    }
    String clean = value.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > longest ? clean.substring(0, longest) : clean;
  }
}
