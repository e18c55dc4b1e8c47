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
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginThrottleTest {

  @Inject LoginThrottle throttle;
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
}
