package fr.sesame.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.support.JarProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop (SIGTERM, as Kubernetes sends it) that finds a scheduled job running lets the job finish
 * before the database pool and the transaction manager close under it.
 */
class ShutdownIT {

  private static final Pattern WARNING_OR_ERROR = Pattern.compile("\"level\":\"(WARN|ERROR)\"");

  @Test
  void aJobRunningWhenTheServiceIsToldToStopFinishesAndCommitsFirst(@TempDir Path dir)
      throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      int port = JarProcess.freePort();
      // A first start creates the schema.
      try (JarProcess migrating = JarProcess.start(url, port, Map.of()).awaitReady()) {
        assertThat(migrating.isAlive()).isTrue();
      }
      execute(
          postgres,
          "INSERT INTO login_throttle (key, failures, last_failure_at)"
              + " VALUES ('ip:192.0.2.1', 3, now() - interval '30 days')");
      Path console = dir.resolve("console.log");
      try (Connection holder = postgres.getPostgresDatabase().getConnection()) {
        // Another transaction holds the old counter: the purge that runs at start waits for it.
        holder.setAutoCommit(false);
        try (Statement lock = holder.createStatement()) {
          lock.execute("SELECT * FROM login_throttle WHERE key = 'ip:192.0.2.1' FOR UPDATE");
        }
        try (JarProcess jar =
            JarProcess.start(url, port, Map.of(), List.of(), console).awaitReady()) {
          awaitBlockedPurge(postgres);
          jar.signalStop();
          awaitLine(console, "background job");
          assertThat(jar.isAlive()).as("the service waits for the job").isTrue();

          holder.commit();

          assertThat(jar.awaitExit(Duration.ofSeconds(30))).as("the service stops").isTrue();
        }
      }
      assertThat(count(postgres, "SELECT count(*) FROM login_throttle"))
          .as("the purge committed before the service stopped")
          .isZero();
      String log = Files.readString(console, StandardCharsets.UTF_8);
      assertThat(log.lines().filter(line -> WARNING_OR_ERROR.matcher(line).find()))
          .as("nothing logged as a warning or an error")
          .isEmpty();
    }
  }

  private static void awaitBlockedPurge(EmbeddedPostgres postgres) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (count(
            postgres,
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE 'DELETE FROM login_throttle%'")
        == 0) {
      assertThat(Instant.now()).as("the purge runs at start").isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static void awaitLine(Path console, String text) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!Files.readString(console, StandardCharsets.UTF_8).contains(text)) {
      assertThat(Instant.now()).as("the console says: %s", text).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static void execute(EmbeddedPostgres postgres, String sql) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static long count(EmbeddedPostgres postgres, String sql) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
