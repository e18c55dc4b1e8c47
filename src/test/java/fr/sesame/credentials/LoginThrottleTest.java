package fr.sesame.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * How the counters are read, seen from PostgreSQL. In one transaction the pool hands out one
 * connection, whose prepared statements PostgreSQL lists with how many executions ran on a kept
 * (generic) plan and how many were planned anew (custom); the connection may have served other
 * tests before, so each test counts what ran during its own calls.
 */
@QuarkusTest
class LoginThrottleTest {

  @Inject LoginThrottle throttle;
  @Inject CredentialService credentials;
  @Inject DataSource dataSource;

  /**
   * The re-authentication reads its counters on their own: PostgreSQL must keep one plan for that
   * read rather than plan it anew each time (as it did for {@code key = ANY (array)}, at ten times
   * the cost of running it).
   */
  @Test
  void readsTheCountersWithAPlanPostgresqlKeeps() {
    List<String> keys =
        List.of(LoginThrottle.unknownLoginKey("personne"), LoginThrottle.addressKey("192.0.2.7"));
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Map<String, Plans> before = plans();
              for (int i = 0; i < 12; i++) {
                assertThat(throttle.standing(keys).counted()).isEmpty();
              }
              assertOneStatementOnAKeptPlan(ranSince(before), "WHERE key IN");
            });
  }

  /**
   * Before its hash, a login reads its account and its counters in one statement (one round trip),
   * and PostgreSQL keeps that statement's plan too: planning it costs more than running it.
   */
  @Test
  void aLoginReadsItsAccountAndCountersInOneStatementOnAKeptPlan() {
    String address = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Map<String, Plans> before = plans();
              for (int i = 0; i < 12; i++) {
                assertThat(
                        credentials.authenticate(
                            "personne.inconnue",
                            "Mauvais-Mot-2026",
                            address,
                            "test",
                            (id, writes) -> Optional.of(id)))
                    .isEmpty();
              }
              // The failures' writes commit on their own, on another connection.
              assertOneStatementOnAKeptPlan(ranSince(before), "FROM staff");
            });
  }

  private record Plans(long generic, long custom) {}

  /** One statement ran on the counters, holding {@code sql}, and some of it on a kept plan. */
  private static void assertOneStatementOnAKeptPlan(Map<String, Plans> ran, String sql) {
    assertThat(ran).as("statements on the counters").hasSize(1);
    Map.Entry<String, Plans> read = ran.entrySet().iterator().next();
    assertThat(read.getKey()).contains(sql);
    assertThat(read.getValue().generic())
        .as("executions on the kept plan (planned anew: %d)", read.getValue().custom())
        .isPositive();
  }

  /** The statements prepared on this transaction's connection that touch the counters. */
  private Map<String, Plans> plans() {
    Map<String, Plans> plans = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
                    + " WHERE statement LIKE '%login_throttle%'")) {
      while (rows.next()) {
        plans.put(rows.getString(1), new Plans(rows.getLong(2), rows.getLong(3)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return plans;
  }

  /** Those that ran since {@code before}, with the executions since. */
  private Map<String, Plans> ranSince(Map<String, Plans> before) {
    Map<String, Plans> ran = new HashMap<>();
    plans()
        .forEach(
            (sql, now) -> {
              Plans then = before.getOrDefault(sql, new Plans(0, 0));
              Plans since = new Plans(now.generic() - then.generic(), now.custom() - then.custom());
              if (since.generic() + since.custom() > 0) {
                ran.put(sql, since);
              }
            });
    return ran;
  }
}
