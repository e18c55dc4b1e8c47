package fr.sesame.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginThrottleTest {

  @Inject LoginThrottle throttle;
  @Inject CredentialService credentials;
  @Inject DataSource dataSource;

  /**
   * Every login reads its counters: PostgreSQL must keep one plan for that read rather than plan it
   * anew each time (as it did for {@code key = ANY (array)}, at ten times the cost of running it).
   * In one transaction the pool hands out one connection, whose prepared statements PostgreSQL
   * lists with how each execution was planned.
   */
  @Test
  void readsTheCountersWithAPlanPostgresqlKeeps() {
    List<String> keys =
        List.of(LoginThrottle.unknownLoginKey("personne"), LoginThrottle.addressKey("192.0.2.7"));
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              for (int i = 0; i < 12; i++) {
                assertThat(throttle.standing(keys).counted()).isEmpty();
              }
              try (Connection connection = dataSource.getConnection();
                  Statement statement = connection.createStatement();
                  ResultSet plans =
                      statement.executeQuery(
                          "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
                              + " WHERE statement LIKE '%FROM login_throttle WHERE key%'")) {
                assertThat(plans.next()).as("the read runs as a prepared statement").isTrue();
                assertThat(plans.getLong("generic_plans"))
                    .as("executions run on the kept plan (custom plans: %d)", plans.getLong(2))
                    .isPositive();
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
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
              try (Connection connection = dataSource.getConnection();
                  Statement statement = connection.createStatement();
                  ResultSet plans =
                      statement.executeQuery(
                          "SELECT statement, generic_plans FROM pg_prepared_statements"
                              + " WHERE statement LIKE '%login_throttle%'")) {
                assertThat(plans.next()).as("the read runs as a prepared statement").isTrue();
                assertThat(plans.getString(1)).contains("FROM staff");
                assertThat(plans.getLong(2)).as("executions on the kept plan").isPositive();
                assertThat(plans.next()).as("no second read of the counters").isFalse();
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
  }
}
