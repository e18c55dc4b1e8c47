package fr.sesame.credentials;

import fr.sesame.platform.Alongside;
import fr.sesame.platform.BackgroundJob;
import fr.sesame.platform.SafeErrors;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Failed-login counters, per account and per client address, in PostgreSQL so that every replica
 * sees the same counts. A failure is counted by one upsert, so parallel failures are all counted
 * (row locks serialise them); a success clears the account's counter, not the address's, and a
 * login with no counter writes nothing (one statement fewer on the busiest path). Unknown logins
 * are counted under a digest of what was typed (people type their password in the login field), so
 * that they are throttled exactly like known ones.
 */
@ApplicationScoped
class LoginThrottle {

  private static final Logger LOG = Logger.getLogger(LoginThrottle.class);
  private static final String ADDRESS = "ip:";

  private final DataSource dataSource;
  private final ThrottleConfig config;
  private final Clock clock;

  private final fr.sesame.platform.OneReplica oneReplica;

  LoginThrottle(
      fr.sesame.platform.OneReplica oneReplica,
      DataSource dataSource,
      ThrottleConfig config,
      Clock clock) {
    this.oneReplica = oneReplica;
    this.dataSource = dataSource;
    this.config = config;
    this.clock = clock;
  }

  static String accountKey(Object staffId) {
    return "account:" + staffId;
  }

  static String unknownLoginKey(String login) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(login.getBytes(StandardCharsets.UTF_8));
      return "login:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  static String addressKey(String address) {
    return ADDRESS + address;
  }

  /**
   * What the counters say before an attempt.
   *
   * @param delayed true while any of the keys waits out its delay
   * @param counted the keys that have a counter (a success clears only those: a clean login writes
   *     nothing)
   */
  record Standing(boolean delayed, Set<String> counted) {}

  /** One key's counter as stored. */
  record Counter(String key, int failures, Instant lastFailureAt) {}

  /**
   * The counters of a login's keys, read by the statement that finds its account, so that a login
   * reads both in one round trip: {@link #join} is a {@code LEFT JOIN} on the counters of the
   * account found (its id in {@code accountId}) or, when none is, of the login typed, and of the
   * client address; its parameters follow the statement's own. Each row of the statement then
   * carries one counter (key, failures, last failure) in its three last columns, or none (nulls).
   */
  record CountersJoin(String join, List<String> parameters) {}

  /** The join for a login typed as {@code login} from {@code clientAddress} (or null). */
  CountersJoin countersOfLogin(String accountId, String login, String clientAddress) {
    List<String> parameters = new ArrayList<>(3);
    parameters.add(accountKey(""));
    parameters.add(unknownLoginKey(login));
    parameters.add(clientAddress == null ? null : addressKey(clientAddress));
    return new CountersJoin(
        " LEFT JOIN login_throttle t ON t.key IN (coalesce(? || " + accountId + "::text, ?), ?)",
        parameters);
  }

  /** The counter in the three last columns of a row read with {@link #countersOfLogin}, if any. */
  static Optional<Counter> counterOf(ResultSet row) throws SQLException {
    int columns = row.getMetaData().getColumnCount();
    String key = row.getString(columns - 2);
    return key == null
        ? Optional.empty()
        : Optional.of(
            new Counter(key, row.getInt(columns - 1), row.getTimestamp(columns).toInstant()));
  }

  /**
   * Reads the counters of the keys in one statement. One placeholder per key, not {@code key = ANY
   * (?)} with an array: PostgreSQL cannot cost an array of unknown length well enough to keep a
   * generic plan for it, so it planned that statement anew at every login (0.09 ms of its CPU, ten
   * times what running it takes); with scalar parameters, the plan is made once per connection.
   */
  Standing standing(List<String> keys) {
    List<Counter> counters = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT key, failures, last_failure_at FROM login_throttle WHERE key IN ("
                    + String.join(", ", Collections.nCopies(keys.size(), "?"))
                    + ")")) {
      for (int i = 0; i < keys.size(); i++) {
        select.setString(i + 1, keys.get(i));
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          counterOf(rows).ifPresent(counters::add);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("login counters not readable", e);
    }
    return standingOf(counters);
  }

  /** What {@code counters}, as read, say now. */
  Standing standingOf(List<Counter> counters) {
    Instant now = clock.instant();
    boolean delayed = false;
    Set<String> counted = new HashSet<>();
    for (Counter counter : counters) {
      counted.add(counter.key());
      Instant last = counter.lastFailureAt();
      if (!last.isBefore(now.minus(config.forgetAfter()))
          && now.isBefore(last.plus(delay(counter.key(), counter.failures())))) {
        delayed = true;
      }
    }
    return new Standing(delayed, Set.copyOf(counted));
  }

  /**
   * Counts one failure against every key, atomically: the upsert, to run along the attempt's audit
   * row ({@link Alongside}).
   */
  Alongside failure(List<String> keys) {
    Instant now = clock.instant();
    return new Alongside(
        // Keys sorted: two requests always lock shared rows in the same order.
        "INSERT INTO login_throttle AS t (key, failures, last_failure_at)"
            + " SELECT key, 1, ? FROM unnest(?::text[]) AS key ORDER BY key"
            + " ON CONFLICT (key) DO UPDATE SET"
            + " failures = CASE WHEN t.last_failure_at < ? THEN 1 ELSE t.failures + 1 END,"
            + " last_failure_at = excluded.last_failure_at",
        Timestamp.from(now),
        keys.toArray(String[]::new),
        Timestamp.from(now.minus(config.forgetAfter())));
  }

  /** Clears a key (after a successful login): the delete, to run along another write. */
  Alongside reset(String key) {
    return new Alongside("DELETE FROM login_throttle WHERE key = ?", key);
  }

  /** Failures counted against a key in the current window, 0 when none. */
  int failures(String key) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT failures FROM login_throttle WHERE key = ? AND last_failure_at >= ?")) {
      select.setString(1, key);
      select.setTimestamp(2, Timestamp.from(clock.instant().minus(config.forgetAfter())));
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getInt(1) : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("login counter not readable", e);
    }
  }

  /** Forgets counters that have had no failure for a whole window. */
  @BackgroundJob
  @Scheduled(every = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void forgetOldCounters() {
    oneReplica.run(
        "login-throttle-forget",
        () -> {
          try (Connection connection = dataSource.getConnection();
              PreparedStatement delete =
                  connection.prepareStatement(
                      "DELETE FROM login_throttle WHERE last_failure_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(clock.instant().minus(config.forgetAfter())));
            delete.executeUpdate();
          } catch (SQLException e) {
            SafeErrors.log(LOG, "Old login counters not purged", e);
          }
        });
  }

  Duration delay(String key, int failures) {
    int free =
        key.startsWith(ADDRESS) ? config.addressFreeFailures() : config.accountFreeFailures();
    if (failures <= free) {
      return Duration.ZERO;
    }
    int doublings = Math.min(failures - free - 1, 30);
    Duration delay = config.firstDelay().multipliedBy(1L << doublings);
    return delay.compareTo(config.maxDelay()) > 0 ? config.maxDelay() : delay;
  }
}
