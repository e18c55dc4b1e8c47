package fr.sesame.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar as its own process, configured the way production configures it (environment
 * variables), for the tests that restart it or run several at once.
 */
public final class JarProcess implements AutoCloseable {

  public static final String CLIENT = "webmail";
  public static final String SECRET = "test-webmail-secret";
  public static final String PASSWORD = "Garrigue-Soleil-2026";

  /** The packaged jar, as the build leaves it. */
  public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

  private final Process process;
  public final int port;
  public final int managementPort;

  private JarProcess(Process process, int port, int managementPort) {
    this.process = process;
    this.port = port;
    this.managementPort = managementPort;
  }

  public String base() {
    return "http://localhost:" + port;
  }

  public String management() {
    return "http://localhost:" + managementPort;
  }

  /** A password grant through the webmail client. */
  public Response login(String username, String password) {
    return webmail()
        .formParam("grant_type", "password")
        .formParam("username", username)
        .formParam("password", password)
        .post("/oauth2/token");
  }

  /** A refresh grant through the webmail client. */
  public Response refresh(String refreshToken) {
    return webmail()
        .formParam("grant_type", "refresh_token")
        .formParam("refresh_token", refreshToken)
        .post("/oauth2/token");
  }

  private RequestSpecification webmail() {
    return RestAssured.given().baseUri(base()).auth().preemptive().basic(CLIENT, SECRET);
  }

  /** Starts the jar on {@code jdbcUrl}; call {@link #awaitReady()} before using it. */
  public static JarProcess start(String jdbcUrl, int port, Map<String, String> extraEnv)
      throws IOException {
    return start(jdbcUrl, port, extraEnv, List.of());
  }

  /** Starts the jar with JVM options of its own. */
  public static JarProcess start(
      String jdbcUrl, int port, Map<String, String> extraEnv, List<String> jvmOptions)
      throws IOException {
    return start(jdbcUrl, port, extraEnv, jvmOptions, null);
  }

  /** Starts the jar with its console (standard output and error) written to {@code console}. */
  public static JarProcess start(
      String jdbcUrl, int port, Map<String, String> extraEnv, List<String> jvmOptions, Path console)
      throws IOException {
    int managementPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jvmOptions);
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dquarkus.management.port=" + managementPort);
    command.addAll(ClassDataArchive.option(JAR));
    command.add("-jar");
    command.add(JAR.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    if (console == null) {
      builder
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD);
    } else {
      builder.redirectErrorStream(true).redirectOutput(console.toFile());
    }
    var env = builder.environment();
    env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
    env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
    env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
    env.put("QUARKUS_CONFIG_LOCATIONS", "academies/ac-montpellier.properties");
    env.put("SESAME_TOKENS_KEYS_ENCRYPTION_KEY", ExternalPostgres.IT_KEY_ENCRYPTION_KEY);
    env.put(
        "SESAME_CLIENTS_WEBMAIL_SECRET_SHA256",
        "26f9e408bcfb90b1a99ac135aeec1dd70ae3175b37dcadce8519556886c43ecf");
    env.put("SESAME_CLIENTS_WEBMAIL_AUDIENCES", "webmail");
    env.put("SESAME_CLIENTS_WEBMAIL_GRANTS", "password,refresh_token");
    env.put("SESAME_CLIENTS_WEBMAIL_INTROSPECTION", "true");
    env.putAll(extraEnv);
    return new JarProcess(builder.start(), port, managementPort);
  }

  /** Waits until the jar serves its JWKS (90 s at most). */
  public JarProcess awaitReady() throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive()).as("the jar keeps running").isTrue();
      try {
        HttpResponse<String> answer =
            client.send(
                HttpRequest.newBuilder(URI.create(base() + "/.well-known/jwks.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    process.destroyForcibly();
    throw new AssertionError("the jar did not start");
  }

  /** Sends SIGTERM, as Kubernetes does to stop a pod, without waiting for the jar to exit. */
  public void signalStop() {
    process.destroy();
  }

  /** Whether the jar's process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the jar to exit, {@code timeout} at most; true if it did. */
  public boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /**
   * The packaged jar with {@code jvmOptions}, configured as production would be without a database:
   * the académie given, no datasource setting inherited from the environment, any free ports. It
   * stops at start with its own exit code.
   */
  public static ProcessBuilder withoutDatabase(String... jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(List.of(jvmOptions));
    command.addAll(
        List.of("-Dquarkus.http.port=0", "-Dquarkus.management.port=0", "-jar", JAR.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(key -> key.startsWith("QUARKUS_DATASOURCE"));
    builder.environment().put("SESAME_ACADEMIE_CODE", "11");
    builder.environment().put("SESAME_ACADEMIE_NAME", "Académie de Montpellier");
    builder.environment().put("SESAME_ACADEMIE_MAIL_DOMAIN", "ac-montpellier.fr");
    return builder;
  }

  /** The java launcher of the JVM running the tests, so the jar runs on the same one. */
  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * An ACTIVE person straight in the database, with the Argon2id hash of {@link #PASSWORD}; and a
   * verified recovery e-mail when {@code recoveryEmail} is not null.
   */
  public static void createActivePerson(
      EmbeddedPostgres postgres, String id, String numen, String login, String recoveryEmail)
      throws Exception {
    try (var connection = postgres.getPostgresDatabase().getConnection();
        var staff =
            connection.prepareStatement(
                "INSERT INTO staff (id, numen, family_name, first_name, birth_date, category,"
                    + " departement_code, sort_key, first_key, source_hash, login, address, state,"
                    + " mail_quota_mb, language, created_at, updated_at) VALUES (CAST(? AS uuid),"
                    + " ?, 'Test', 'Replica', '1980-01-01', 'SECOND_DEGRE', '34', ?, ?, 0, ?, ?,"
                    + " 'ACTIVE', 100, 'fr', now(), now())");
        var credential =
            connection.prepareStatement(
                "INSERT INTO credential (staff_id, password_hash, changed_at)"
                    + " VALUES (CAST(? AS uuid), ?, now())");
        var contact =
            connection.prepareStatement(
                "INSERT INTO recovery_contact (staff_id, channel, value, verified_at)"
                    + " VALUES (CAST(? AS uuid), 'EMAIL', ?, now())")) {
      staff.setString(1, id);
      staff.setString(2, numen);
      staff.setString(3, "test " + login);
      staff.setString(4, login + " test");
      staff.setString(5, login);
      staff.setString(6, login + "@ac-montpellier.fr");
      staff.executeUpdate();
      credential.setString(1, id);
      credential.setString(2, HASH);
      credential.executeUpdate();
      if (recoveryEmail != null) {
        contact.setString(1, id);
        contact.setString(2, recoveryEmail);
        contact.executeUpdate();
      }
    }
  }

  // Argon2id (m=19456, t=2, p=1) of PASSWORD with a fixed salt.
  private static final String HASH =
      Argon2Hashes.phc(
          PASSWORD, "sel-de-restart-1".getBytes(java.nio.charset.StandardCharsets.UTF_8), 19456, 2);
}
