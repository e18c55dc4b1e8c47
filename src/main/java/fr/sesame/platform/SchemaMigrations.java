package fr.sesame.platform;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Brings the schema to this build's version at start, before anything else reads it (the first
 * observer of the start; the sockets open after the last one). Flyway runs, and validates the
 * checksum of every applied migration, whenever one of this build's migrations is not recorded as
 * applied, or one failed: a new database, a new release, a failed upgrade. On a schema already at
 * this build's version, the packaged jar asks one query instead: Flyway's own start (its
 * configuration copied through Jackson for each plugin, the scripts read and parsed, the history
 * read) took 0.13 to 0.25 s of each start (medians of interleaved starts), and that is most starts
 * of a replica. Dev and test runs always run Flyway, so that a migration added during a dev session
 * applies at the next reload.
 */
@ApplicationScoped
public class SchemaMigrations {

  /**
   * The highest version in {@code db/migration}; {@code SchemaMigrationsTest} fails when a
   * migration is added without it.
   */
  static final int LATEST = 21;

  private static final Logger LOG = Logger.getLogger(SchemaMigrations.class);

  private final DataSource dataSource;
  private final Instance<Flyway> flyway;
  private final boolean defaultHistory;

  SchemaMigrations(
      DataSource dataSource,
      Instance<Flyway> flyway,
      @ConfigProperty(name = "quarkus.flyway.table") Optional<String> table,
      @ConfigProperty(name = "quarkus.flyway.default-schema") Optional<String> defaultSchema,
      @ConfigProperty(name = "quarkus.flyway.schemas") Optional<List<String>> schemas) {
    this.dataSource = dataSource;
    this.flyway = flyway;
    this.defaultHistory = defaultHistory(table, defaultSchema, schemas);
  }

  /** Whether Flyway keeps its history where {@link #upToDate} reads it. */
  static boolean defaultHistory(
      Optional<String> table, Optional<String> defaultSchema, Optional<List<String>> schemas) {
    return table.isEmpty() && defaultSchema.isEmpty() && schemas.map(List::isEmpty).orElse(true);
  }

  void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start)
      throws SQLException {
    if (LaunchMode.current() == LaunchMode.NORMAL && defaultHistory && upToDate(dataSource)) {
      LOG.infof("Schema at version %d: no migration to apply, Flyway not started", LATEST);
      return;
    }
    flyway.get().migrate();
  }

  /**
   * Whether every migration up to {@link #LATEST} is recorded as applied and none failed (a newer
   * release's migrations may be there too: this build ignores them, as Flyway does).
   */
  static boolean upToDate(DataSource dataSource) throws SQLException {
    String[] versions = new String[LATEST];
    for (int i = 0; i < LATEST; i++) {
      versions[i] = Integer.toString(i + 1);
    }
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement history =
              connection.prepareStatement("SELECT to_regclass('flyway_schema_history') IS NULL");
          ResultSet rows = history.executeQuery()) {
        rows.next();
        if (rows.getBoolean(1)) {
          return false;
        }
      }
      Array wanted = connection.createArrayOf("text", versions);
      try (PreparedStatement applied =
          connection.prepareStatement(
              """
              SELECT count(DISTINCT version) FILTER (WHERE success AND version = ANY (?)) = ?
                     AND bool_and(success)
                FROM flyway_schema_history
              """)) {
        applied.setArray(1, wanted);
        applied.setInt(2, LATEST);
        try (ResultSet rows = applied.executeQuery()) {
          rows.next();
          return rows.getBoolean(1);
        }
      } finally {
        wanted.free();
      }
    }
  }
}
