package fr.sesame.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When a start may skip Flyway: only on a schema where Flyway itself would have nothing to apply.
 * On a real PostgreSQL, migrated by Flyway from this build's scripts.
 */
class SchemaMigrationsTest {

  private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws IOException {
    postgres.close();
  }

  @Test
  void latestIsTheHighestMigrationOfTheBuild() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      int highest =
          files
              .map(file -> VERSIONED.matcher(file.getFileName().toString()))
              .filter(Matcher::matches)
              .mapToInt(matcher -> Integer.parseInt(matcher.group(1)))
              .max()
              .orElseThrow();
      assertThat(SchemaMigrations.LATEST)
          .as("a start would skip the new migration on a database at the previous version")
          .isEqualTo(highest);
    }
  }

  @Test
  void aHistoryMovedElsewhereAlwaysRunsFlyway() {
    assertThat(
            SchemaMigrations.defaultHistory(Optional.empty(), Optional.empty(), Optional.empty()))
        .isTrue();
    assertThat(
            SchemaMigrations.defaultHistory(
                Optional.of("sesame_history"), Optional.empty(), Optional.empty()))
        .isFalse();
    assertThat(
            SchemaMigrations.defaultHistory(
                Optional.empty(), Optional.of("sesame"), Optional.empty()))
        .isFalse();
    assertThat(
            SchemaMigrations.defaultHistory(
                Optional.empty(), Optional.empty(), Optional.of(List.of("sesame"))))
        .isFalse();
  }

  @Test
  void aNewDatabaseIsNotUpToDate() throws Exception {
    DataSource database = database("fresh");
    assertThat(SchemaMigrations.upToDate(database)).isFalse();
  }

  @Test
  void aDatabaseFlywayMigratedIsUpToDateUntilAMigrationIsMissingOrFailed() throws Exception {
    DataSource database = database("migrated");
    Flyway flyway = Flyway.configure().dataSource(database).load();
    flyway.migrate();
    assertThat(flyway.info().pending()).isEmpty();
    assertThat(SchemaMigrations.upToDate(database)).isTrue();

    // A newer release's migration, already applied by one of its replicas: still up to date.
    execute(
        database,
        "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
            + " checksum, installed_by, execution_time, success) VALUES (1000, '"
            + (SchemaMigrations.LATEST + 1)
            + "', 'next', 'SQL', 'V_next.sql', 0, 'test', 1, true)");
    assertThat(SchemaMigrations.upToDate(database)).isTrue();

    // This build's last migration not applied (a database at the previous release): Flyway runs.
    execute(
        database,
        "UPDATE flyway_schema_history SET version = '-1' WHERE version = '"
            + SchemaMigrations.LATEST
            + "'");
    assertThat(SchemaMigrations.upToDate(database)).isFalse();
    execute(
        database,
        "UPDATE flyway_schema_history SET version = '"
            + SchemaMigrations.LATEST
            + "' WHERE version = '-1'");
    assertThat(SchemaMigrations.upToDate(database)).isTrue();

    // A failed migration: Flyway runs, and says what failed.
    execute(
        database, "UPDATE flyway_schema_history SET success = false WHERE installed_rank = 1000");
    assertThat(SchemaMigrations.upToDate(database)).isFalse();
  }

  private static DataSource database(String name) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return postgres.getDatabase("postgres", name);
  }

  private static void execute(DataSource database, String sql) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
