package fr.sesame.bench;

import fr.sesame.support.SmtpSink;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The self-service benchmark (bench/flows): the packaged jar on an embedded PostgreSQL, sending to
 * a real SMTP server (a sink in this process that counts what it receives), under a back-to-school
 * storm of password resets: many people at once ask for a reset by login and a code by e-mail, then
 * type a code (wrong ones, the costliest path that every typo takes, and the right one). Then how
 * fast the outbox drains: the codes the storm queued, and a backlog of 20,000 notifications. Prints
 * a Markdown table.
 */
public final class FlowBench {

  private static final Pattern FLOW = Pattern.compile("\"flow\":\"([^\"]+)\"");

  private FlowBench() {}

  public static void main(String[] args) throws Exception {
    int people = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int backlog = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    Path out = Files.createDirectories(Path.of("bench", "out"));
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
    List<String[]> table = new ArrayList<>();
    SmtpSink smtp = new SmtpSink();
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      int http = TokenBench.freePort();
      int management = TokenBench.freePort();
      Process server = start(jar, url, http, management, smtp.port(), out);
      try {
        HttpClient client =
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(8))
                .build();
        TokenBench.waitReady(client, "http://localhost:" + management + "/q/health/ready");
        seed(postgres, people);
        String base = "http://localhost:" + http;
        TokenBench.log("%d people seeded; storm with %d connections", people, connections);

        // Warm-up: the JIT and the pools, on people outside the measured ones.
        storm(client, base, connections, 0, 500, null);

        ConcurrentLinkedQueue<String> flows = new ConcurrentLinkedQueue<>();
        Timings reset = storm(client, base, connections, 500, people, flows);
        table.add(reset.identify.row("reset requests (identify by login)", connections));
        table.add(reset.code.row("code requests (e-mail)", connections));
        long stormEnd = System.nanoTime();
        long sentBefore = sent(postgres);
        long queued = backlog(postgres);
        long drained = drain(postgres);
        double drainSeconds = (drained - stormEnd) / 1e9;
        long codes = sent(postgres) - sentBefore;
        table.add(
            new String[] {
              "outbox backlog when the storm ended",
              queued + " messages",
              "—",
              "—",
              "drained " + TokenBench.f(drainSeconds, 1) + " s after the last request"
            });

        Timings wrong = verify(client, base, connections, new ArrayList<>(flows));
        table.add(wrong.identify.row("code checks (wrong code)", connections));

        // A backlog of notifications, as after an SMTP outage of a busy morning.
        fill(postgres, backlog);
        long filled = System.nanoTime();
        long empty = drain(postgres);
        double seconds = (empty - filled) / 1e9;
        table.add(
            new String[] {
              "outbox drain, " + backlog + " queued e-mails to SMTP",
              TokenBench.f(backlog / seconds, 0) + " messages/s",
              "—",
              "—",
              TokenBench.f(seconds, 1)
                  + " s; "
                  + count(postgres, "SELECT count(*) FROM outbox_message")
                  + " e-mails queued in the whole run, "
                  + smtp.messages()
                  + " received by the SMTP sink"
            });
      } finally {
        server.destroy();
        server.waitFor();
      }
    } finally {
      smtp.close();
    }
    System.out.println();
    System.out.println("| measure | throughput | p50 | p99 | notes |");
    System.out.println("|---|---:|---:|---:|---|");
    for (String[] row : table) {
      System.out.println("| " + String.join(" | ", row) + " |");
    }
  }

  /** Latencies of one kind of request. */
  static final class Series {
    final List<Long> nanos = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger errors = new AtomicInteger();
    volatile long start = System.nanoTime();
    volatile long end;

    String[] row(String name, int connections) {
      long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
      double seconds = (end - start) / 1e9;
      return new String[] {
        name + ", " + connections + " connections",
        TokenBench.f(sorted.length / seconds, 0) + "/s",
        TokenBench.f(sorted[sorted.length / 2] / 1e6, 1) + " ms",
        TokenBench.f(sorted[(int) (sorted.length * 0.99)] / 1e6, 1) + " ms",
        sorted.length + " requests, " + errors.get() + " unexpected answers"
      };
    }
  }

  record Timings(Series identify, Series code) {}

  /** Each person of [from, to): identify by login, then ask for an e-mail code. */
  private static Timings storm(
      HttpClient client,
      String base,
      int connections,
      int from,
      int to,
      ConcurrentLinkedQueue<String> flows)
      throws Exception {
    Series identify = new Series();
    Series code = new Series();
    AtomicInteger next = new AtomicInteger(from);
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    List<Future<?>> workers = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      workers.add(
          pool.submit(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < to) {
                  String address = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
                  long t0 = System.nanoTime();
                  HttpResponse<String> started =
                      post(
                          client,
                          base + "/api/v1/password-reset",
                          address,
                          "{\"identifier\":\"flux" + i + "\"}");
                  long t1 = System.nanoTime();
                  identify.nanos.add(t1 - t0);
                  Matcher flow = FLOW.matcher(started.body());
                  if (started.statusCode() != 201 || !flow.find()) {
                    identify.errors.incrementAndGet();
                    continue;
                  }
                  HttpResponse<String> sent =
                      post(
                          client,
                          base + "/api/v1/password-reset/code",
                          address,
                          "{\"flow\":\"" + flow.group(1) + "\",\"channel\":\"EMAIL\"}");
                  code.nanos.add(System.nanoTime() - t1);
                  if (sent.statusCode() != 200) {
                    code.errors.incrementAndGet();
                  } else if (flows != null) {
                    flows.add(flow.group(1));
                  }
                }
              }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    pool.shutdown();
    identify.end = System.nanoTime();
    code.end = identify.end;
    return new Timings(identify, code);
  }

  /** A wrong code typed in each flow: counted, compared, refused. */
  private static Timings verify(HttpClient client, String base, int connections, List<String> flows)
      throws Exception {
    Series checks = new Series();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    List<Future<?>> workers = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      workers.add(
          pool.submit(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < flows.size()) {
                  long t0 = System.nanoTime();
                  HttpResponse<String> answer =
                      post(
                          client,
                          base + "/api/v1/password-reset/verification",
                          "10.200.0.1",
                          "{\"flow\":\"" + flows.get(i) + "\",\"code\":\"000000\"}");
                  checks.nanos.add(System.nanoTime() - t0);
                  if (answer.statusCode() != 422 && answer.statusCode() != 200) {
                    checks.errors.incrementAndGet();
                  }
                }
              }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    pool.shutdown();
    checks.end = System.nanoTime();
    return new Timings(checks, checks);
  }

  private static HttpResponse<String> post(
      HttpClient client, String url, String forwardedFor, String json) {
    try {
      return client.send(
          HttpRequest.newBuilder(URI.create(url))
              .header("Content-Type", "application/json")
              .header("X-Forwarded-For", forwardedFor)
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** People flux0…fluxN, active, each with a verified recovery address. */
  private static void seed(EmbeddedPostgres postgres, int count) throws Exception {
    try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement staff =
              connection.prepareStatement(
                  "INSERT INTO staff (id, numen, family_name, first_name, birth_date, category,"
                      + " departement_code, sort_key, first_key, source_hash, login, address,"
                      + " state, mail_quota_mb, language, created_at, updated_at) VALUES (?, ?,"
                      + " 'Flux', ?, '1980-01-01', 'SECOND_DEGRE', '34', ?, ?, 0, ?, ?, 'ACTIVE',"
                      + " 100, 'fr', now(), now())");
          PreparedStatement contact =
              connection.prepareStatement(
                  "INSERT INTO recovery_contact (staff_id, channel, value, verified_at)"
                      + " VALUES (?, 'EMAIL', ?, now())")) {
        for (int i = 0; i < count; i++) {
          UUID id = UUID.randomUUID();
          staff.setObject(1, id);
          staff.setString(2, String.format(Locale.ROOT, "34E%07dFLX", i));
          staff.setString(3, "Essai" + i);
          staff.setString(4, "flux essai" + i);
          staff.setString(5, "essai" + i + " flux");
          staff.setString(6, "flux" + i);
          staff.setString(7, "essai" + i + ".flux@ac-montpellier.fr");
          staff.addBatch();
          contact.setObject(1, id);
          contact.setString(2, "flux" + i + "@exemple.fr");
          contact.addBatch();
          if (i % 1000 == 999) {
            staff.executeBatch();
            contact.executeBatch();
          }
        }
        staff.executeBatch();
        contact.executeBatch();
      }
      connection.commit();
    }
  }

  /** Queues notifications straight into the outbox, as a burst of commits would. */
  private static void fill(EmbeddedPostgres postgres, int count) throws Exception {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement insert = connection.createStatement()) {
      insert.execute(
          "INSERT INTO outbox_message (id, channel, recipient, kind, language, parameters,"
              + " created_at, next_attempt_at) SELECT gen_random_uuid(), 'EMAIL',"
              + " 'arriere' || n || '@exemple.fr', 'password-changed', 'fr',"
              + " jsonb_build_object('login', 'flux' || n, 'when', '1er septembre'), now(), now()"
              + " FROM generate_series(1, "
              + count
              + ") AS n");
    }
  }

  private static long backlog(EmbeddedPostgres postgres) throws Exception {
    return count(
        postgres,
        "SELECT count(*) FROM outbox_message WHERE sent_at IS NULL AND discarded_at IS NULL");
  }

  private static long sent(EmbeddedPostgres postgres) throws Exception {
    return count(postgres, "SELECT count(*) FROM outbox_message WHERE sent_at IS NOT NULL");
  }

  /** Waits until the outbox is empty; returns when it was seen empty. */
  private static long drain(EmbeddedPostgres postgres) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (backlog(postgres) == 0) {
        return System.nanoTime();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("outbox not drained in 20 minutes");
  }

  private static long count(EmbeddedPostgres postgres, String sql) throws Exception {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static Process start(
      Path jar, String url, int http, int management, int smtpPort, Path out) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String options = System.getenv("SESAME_BENCH_JAVA_OPTS");
    if (options != null && !options.isBlank()) {
      command.addAll(Arrays.asList(options.trim().split("\\s+")));
    }
    command.add("-Dquarkus.http.port=" + http);
    command.add("-Dquarkus.management.port=" + management);
    command.add("-Dquarkus.log.console.json.enabled=false");
    command.addAll(fr.sesame.support.ClassDataArchive.option(jar));
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(out.resolve("flows-server.log").toFile()));
    Map<String, String> env = builder.environment();
    env.put("QUARKUS_DATASOURCE_JDBC_URL", url);
    env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
    env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
    env.put("QUARKUS_CONFIG_LOCATIONS", "academies/ac-montpellier.properties");
    env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
    env.put("QUARKUS_MAILER_PORT", Integer.toString(smtpPort));
    env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    env.put("SESAME_TOKENS_KEYS_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(key));
    // The storm comes from a proxy (the bench), with one client address per person; the global
    // limit is lifted so that the benchmark measures the work, not the limit.
    env.put("SESAME_HTTP_TRUSTED_PROXIES", "127.0.0.1");
    env.put("SESAME_RECOVERY_LIMITS_GLOBAL", "100000000");
    return builder.start();
  }
}
