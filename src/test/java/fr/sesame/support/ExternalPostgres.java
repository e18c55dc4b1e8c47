package fr.sesame.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A real PostgreSQL outside the application, handed to the packaged jar the way production hands it
 * one: through the standard datasource settings. The jar itself runs in the production profile,
 * with no embedded database of its own.
 */
public class ExternalPostgres implements QuarkusTestResourceLifecycleManager {

  /** Where the tests find the jar's management port (the launcher only knows the public one). */
  public static final String MANAGEMENT_PORT = "sesame.it.management-port";

  /** The key-encryption key of the jar under test (a test value; production reads a secret). */
  public static final String IT_KEY_ENCRYPTION_KEY = "c2VzYW1lLWludGVncmF0aW9uLXRlc3RzLWtleS0zMmI=";

  /** Where the tests find the database of the jar under test. */
  public static final String JDBC_URL = "sesame.it.jdbc-url";

  /** The administration client of the jar under test; its secret is "test-console-secret". */
  public static final String CONSOLE_SECRET_SHA256 =
      "55111f9df75e86cec5719563f1c87757ca855df9f76108236de66b44c5cafe01";

  private EmbeddedPostgres postgres;

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Map<String, String> start() {
    try {
      postgres = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int managementPort = freePort();
    System.setProperty(MANAGEMENT_PORT, Integer.toString(managementPort));
    System.setProperty(JDBC_URL, postgres.getJdbcUrl("postgres", "postgres"));
    return Map.ofEntries(
        Map.entry("sesame.clients.console.secret-sha256", CONSOLE_SECRET_SHA256),
        Map.entry("sesame.clients.console.audiences", "sesame-admin"),
        Map.entry("sesame.clients.console.grants", "password"),
        Map.entry("sesame.clients.console.administration", "true"),
        Map.entry("sesame.tokens.keys.encryption-key", IT_KEY_ENCRYPTION_KEY),
        Map.entry(
            "sesame.clients.webmail.secret-sha256",
            "26f9e408bcfb90b1a99ac135aeec1dd70ae3175b37dcadce8519556886c43ecf"),
        Map.entry("sesame.clients.webmail.audiences", "webmail"),
        Map.entry("sesame.clients.webmail.grants", "password,refresh_token"),
        Map.entry("sesame.clients.webmail.introspection", "true"),
        Map.entry("quarkus.management.port", Integer.toString(managementPort)),
        Map.entry("quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres")),
        Map.entry("quarkus.datasource.username", "postgres"),
        Map.entry("quarkus.datasource.password", "postgres"),
        Map.entry("quarkus.config.locations", "academies/ac-montpellier.properties"));
  }

  @Override
  public void stop() {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
