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
    return Map.of(
        "sesame.tokens.keys.encryption-key",
        IT_KEY_ENCRYPTION_KEY,
        "sesame.clients.webmail.secret-sha256",
        "26f9e408bcfb90b1a99ac135aeec1dd70ae3175b37dcadce8519556886c43ecf",
        "sesame.clients.webmail.audiences",
        "webmail",
        "sesame.clients.webmail.grants",
        "password,refresh_token",
        "sesame.clients.webmail.introspection",
        "true",
        "quarkus.management.port",
        Integer.toString(managementPort),
        "quarkus.datasource.jdbc.url",
        postgres.getJdbcUrl("postgres", "postgres"),
        "quarkus.datasource.username",
        "postgres",
        "quarkus.datasource.password",
        "postgres",
        "quarkus.config.locations",
        "academies/ac-montpellier.properties");
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
