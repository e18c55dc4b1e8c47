package fr.sesame.recovery;

import fr.sesame.platform.BackgroundJob;
import fr.sesame.platform.SafeErrors;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Fixed-window request counters in PostgreSQL, shared by every replica. One upsert counts a request
 * against all of its keys at once (row locks make parallel requests all count), so a request is
 * either refused on every key's account or allowed; keys are sorted so that two requests lock
 * shared rows in the same order.
 */
@ApplicationScoped
class RateLimits {

  private static final Logger LOG = Logger.getLogger(RateLimits.class);

  /** A counter: at most {@code max} requests per {@code window} under {@code key}. */
  record Limit(String key, int max, Duration window) {}

  private final DataSource dataSource;
  private final Clock clock;

  private final fr.sesame.platform.OneReplica oneReplica;

  RateLimits(fr.sesame.platform.OneReplica oneReplica, DataSource dataSource, Clock clock) {
    this.oneReplica = oneReplica;
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /** Counts one request against every limit; true when none is exceeded. */
  boolean allow(List<Limit> limits) {
    Instant now = clock.instant();
    Map<String, Limit> byKey = new HashMap<>();
    for (Limit limit : limits) {
      byKey.put(limit.key(), limit);
    }
    String[] keys = byKey.keySet().stream().sorted().toArray(String[]::new);
    Long[] seconds =
        java.util.Arrays.stream(keys)
            .map(key -> Math.max(1L, byKey.get(key).window().toSeconds()))
            .toArray(Long[]::new);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO rate_limit AS r (key, window_end, hits)"
                    + " SELECT k, ?::timestamptz + make_interval(secs => s), 1"
                    + " FROM unnest(?::text[], ?::bigint[]) AS t(k, s) ORDER BY k"
                    + " ON CONFLICT (key) DO UPDATE SET"
                    + " hits = CASE WHEN r.window_end <= ? THEN 1 ELSE r.hits + 1 END,"
                    + " window_end = CASE WHEN r.window_end <= ? THEN excluded.window_end"
                    + " ELSE r.window_end END"
                    + " RETURNING key, hits")) {
      Timestamp at = Timestamp.from(now);
      upsert.setTimestamp(1, at);
      upsert.setArray(2, connection.createArrayOf("text", keys));
      upsert.setArray(3, connection.createArrayOf("bigint", seconds));
      upsert.setTimestamp(4, at);
      upsert.setTimestamp(5, at);
      boolean allowed = true;
      try (ResultSet rows = upsert.executeQuery()) {
        while (rows.next()) {
          if (rows.getInt(2) > byKey.get(rows.getString(1)).max()) {
            allowed = false;
          }
        }
      }
      return allowed;
    } catch (SQLException e) {
      throw new IllegalStateException("request counters unavailable", e);
    }
  }

  /** Forgets windows that ended. */
  @BackgroundJob
  @Scheduled(every = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void forgetEnded() {
    oneReplica.run(
        "rate-limits-forget",
        () -> {
          try (Connection connection = dataSource.getConnection();
              PreparedStatement delete =
                  connection.prepareStatement("DELETE FROM rate_limit WHERE window_end < ?")) {
            delete.setTimestamp(1, Timestamp.from(clock.instant()));
            delete.executeUpdate();
          } catch (SQLException e) {
            SafeErrors.log(LOG, "Ended request windows not purged", e);
          }
        });
  }
}
