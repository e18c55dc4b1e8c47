package fr.sesame.bench;

import fr.sesame.directory.NameFolding;
import fr.sesame.directory.SyntheticStaff;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * The HR import benchmark: a generated extract imported by the packaged jar into a fresh
 * PostgreSQL, then re-imported unchanged and with 5 % of rows changed, then searched; and, in the
 * same run, the raw COPY rate of the same file into a bare table and an indexed one, and
 * PostgreSQL's own share of the first import. Prints a table.
 *
 * <p>Run by {@code bench/import}; not a test.
 */
public final class ImportBench {

  private static final Pattern DONE = Pattern.compile("terminé en ([0-9]+[.,][0-9]) s");
  private static final int SCHOOLS = 10_000;
  private static final int DEPARTEMENTS = 30;

  private static int processes;

  private ImportBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int searches = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    Path work = Files.createDirectories(Path.of("bench", "out"));
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    List<String> departements = departements();
    Path config = writeConfig(work, departements);
    Path first = work.resolve("extract.csv");
    Path changed = work.resolve("extract-5pct-changed.csv");
    List<String[]> table = new ArrayList<>();

    long t0 = System.nanoTime();
    try (Writer out = Files.newBufferedWriter(first, StandardCharsets.UTF_8)) {
      new SyntheticStaff(42, departements, SCHOOLS).write(out, rows);
    }
    try (Writer out = Files.newBufferedWriter(changed, StandardCharsets.UTF_8)) {
      new SyntheticStaff(42, departements, SCHOOLS).write(out, rows, 20);
    }
    log(
        "generated %,d rows twice in %.1f s (%s, %.0f MB)",
        rows, seconds(t0), first, Files.size(first) / 1e6);

    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("shared_buffers", "512MB")
            .setServerConfig("max_wal_size", "4GB")
            .setServerConfig("max_connections", "100")
            .start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      log("PostgreSQL %s on %s", version(url), url);

      double copyBare = copyRate(url, first, false);
      double copyIndexed = copyRate(url, first, true);
      table.add(row("raw COPY into a bare table (the limit)", copyBare, "rows/s", "—"));
      table.add(
          row("raw COPY into a table with six text indexes", copyIndexed, "rows/s", "~150,000"));

      // The references wrote gigabytes of WAL: a checkpoint now, so that theirs does not bring
      // the next one into the import; a first import into a quiet database starts as far from it.
      checkpoint(url);
      double firstSeconds = importFile(jar, url, config, first);
      table.add(row("first import (command line)", rows / firstSeconds, "rows/s", "≥ 100,000"));
      table.add(row("first import, total", firstSeconds, "s", "—"));
      int floorRow = table.size();
      double unchanged = importFile(jar, url, config, first);
      table.add(row("unchanged re-import (command line, cold JVM)", unchanged, "s", "≤ 5"));
      double fivePercent = importFile(jar, url, config, changed);
      table.add(row("re-import with 5 % changed rows (command line)", fivePercent, "s", "—"));

      if (searches > 0) {
        double[] latencies = serve(jar, url, config, searches, first, changed, table);
        table.add(row("search p50 (" + searches + " queries, over HTTP)", latencies[0], "ms", "—"));
        table.add(row("search p95", latencies[1], "ms", "≤ 20"));
        table.add(row("search p99", latencies[2], "ms", "—"));
      }
      table.add(
          floorRow,
          row(
              "PostgreSQL alone: the first import's COPYs and index builds (its floor)",
              directoryFloor(url),
              "rows/s",
              "—"));
    }
    print(rows, table);
  }

  private static List<String> departements() {
    List<String> codes = new ArrayList<>();
    for (int i = 1; codes.size() < DEPARTEMENTS; i++) {
      if (i != 20) {
        codes.add(String.format("%02d", i));
      }
    }
    return codes;
  }

  private static Path writeConfig(Path work, List<String> departements) throws IOException {
    StringBuilder config =
        new StringBuilder(
            "sesame.academie.code=99\nsesame.academie.name=Académie de banc d'essai\n"
                + "sesame.academie.mail-domain=ac-bench.fr\n");
    for (String code : departements) {
      config
          .append("sesame.academie.departements.\"")
          .append(code)
          .append("\".name=Département ")
          .append(code)
          .append("\nsesame.academie.departements.\"")
          .append(code)
          .append("\".dsden=DSDEN ")
          .append(code)
          .append('\n');
    }
    Path file = work.resolve("bench-academie.properties");
    Files.writeString(file, config, StandardCharsets.UTF_8);
    return file.toAbsolutePath();
  }

  private static double copyRate(String url, Path file, boolean indexed)
      throws SQLException, IOException {
    try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS bench_copy");
      statement.execute(
          "CREATE TABLE bench_copy (numen text, nom text, prenom text, date_naissance text,"
              + " categorie text, departement text, uai text, etablissement text)");
      if (indexed) {
        statement.execute("ALTER TABLE bench_copy ADD PRIMARY KEY (numen)");
        statement.execute("CREATE INDEX ON bench_copy (nom COLLATE \"C\", prenom)");
        statement.execute("CREATE INDEX ON bench_copy (prenom COLLATE \"C\", nom)");
        statement.execute("CREATE INDEX ON bench_copy (uai, nom)");
        statement.execute(
            "CREATE UNIQUE INDEX ON bench_copy ((nom || prenom || numen) COLLATE \"C\")");
        statement.execute(
            "CREATE UNIQUE INDEX ON bench_copy ((prenom || '.' || nom || numen) COLLATE \"C\")");
      }
      long start = System.nanoTime();
      long copied;
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        copied =
            connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn(
                    "COPY bench_copy FROM STDIN (FORMAT csv, HEADER true, DELIMITER ';')", reader);
      }
      double rate = copied / seconds(start);
      log("COPY %s: %,d rows at %,.0f rows/s", indexed ? "indexed" : "bare", copied, rate);
      statement.execute("DROP TABLE bench_copy");
      return rate;
    }
  }

  /**
   * PostgreSQL's own share of a first import, without the Java side: the directory's rows and
   * homonym counters as the import wrote them, COPYed back from files on the server into copies of
   * their tables (the directory's primary key, partial indexes and checks in place, as during the
   * import, but for the checks the import suspends), then every index the import rebuilds, built
   * the same way; in one transaction, rolled back. With this schema, no first import of these rows
   * on this machine can take less.
   */
  private static double directoryFloor(String url) throws SQLException, IOException {
    try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
        Statement statement = connection.createStatement()) {
      // In the server's data directory, which goes with the embedded server.
      String dataDirectory;
      try (ResultSet setting = statement.executeQuery("SHOW data_directory")) {
        setting.next();
        dataDirectory = setting.getString(1);
      }
      Path staffPath = Path.of(dataDirectory, "bench-staff.copy");
      Path counterPath = Path.of(dataDirectory, "bench-counters.copy");
      String staffFile = "'" + staffPath + "'";
      String counterFile = "'" + counterPath + "'";
      // The columns the import COPYs: not the creation times, which it takes from a column
      // default set for the load rather than parsing two timestamps a row, nor those a new
      // person leaves null.
      String columns;
      try (ResultSet found =
          statement.executeQuery(
              "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position)"
                  + " FROM information_schema.columns WHERE table_schema = 'public'"
                  + " AND table_name = 'staff' AND column_name NOT IN"
                  + " ('created_at', 'updated_at', 'block_reason', 'blocked_until', 'deleted_at')")) {
        found.next();
        columns = found.getString(1);
      }
      statement.execute("COPY staff (" + columns + ") TO " + staffFile + " (FORMAT binary)");
      statement.execute("COPY identifier_sequence TO " + counterFile + " (FORMAT binary)");
      List<String> partialIndexes = indexes(statement, "staff", "bench_staff", true);
      List<String> staffIndexes = indexes(statement, "staff", "bench_staff", false);
      List<String> counterIndexes =
          indexes(statement, "identifier_sequence", "bench_counter", false);
      long staffRows;
      try (ResultSet count = statement.executeQuery("SELECT count(*) FROM staff")) {
        count.next();
        staffRows = count.getLong(1);
      }
      // From a checkpoint, as the import was measured.
      statement.execute("CHECKPOINT");
      connection.setAutoCommit(false);
      statement.execute("SET LOCAL maintenance_work_mem = '512MB'");
      statement.execute(
          "CREATE TABLE bench_staff (LIKE staff INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
      // Nor the checks the import suspends for the load (it puts them back NOT VALID).
      List<String> suspended = new ArrayList<>();
      try (ResultSet found =
          statement.executeQuery(
              "SELECT quote_ident(conname) FROM pg_constraint"
                  + " WHERE conrelid = 'staff'::regclass AND contype = 'c' AND NOT convalidated")) {
        while (found.next()) {
          suspended.add(found.getString(1));
        }
      }
      for (String check : suspended) {
        statement.execute("ALTER TABLE bench_staff DROP CONSTRAINT IF EXISTS " + check);
      }
      statement.execute("ALTER TABLE bench_staff ADD PRIMARY KEY (id)");
      statement.execute(
          "ALTER TABLE bench_staff ALTER COLUMN created_at SET DEFAULT '2026-09-01T00:00:00Z',"
              + " ALTER COLUMN updated_at SET DEFAULT '2026-09-01T00:00:00Z'");
      for (String index : partialIndexes) {
        statement.execute(index);
      }
      statement.execute(
          "CREATE TABLE bench_counter (LIKE identifier_sequence INCLUDING CONSTRAINTS)");
      long start = System.nanoTime();
      statement.execute(
          "COPY bench_staff (" + columns + ") FROM " + staffFile + " (FORMAT binary)");
      double copy = seconds(start);
      long counters = System.nanoTime();
      statement.execute("COPY bench_counter FROM " + counterFile + " (FORMAT binary)");
      for (String index : counterIndexes) {
        statement.execute(index);
      }
      double counterSeconds = seconds(counters);
      long built = System.nanoTime();
      for (String index : staffIndexes) {
        statement.execute(index);
      }
      double indexSeconds = seconds(built);
      double total = seconds(start);
      connection.rollback();
      // The server runs on this machine: its files can go once read.
      Files.deleteIfExists(staffPath);
      Files.deleteIfExists(counterPath);
      log(
          "PostgreSQL alone: %,d rows in %.1f s (COPY %.1f s, counters %.1f s, %d indexes %.1f s)",
          staffRows, total, copy, counterSeconds, staffIndexes.size(), indexSeconds);
      return staffRows / total;
    }
  }

  /**
   * The definitions of the indexes of {@code table} but the directory's primary key, renamed onto
   * {@code copy}: the partial ones, which a bulk load keeps, or the others, which it rebuilds.
   */
  private static List<String> indexes(
      Statement statement, String table, String copy, boolean partial) throws SQLException {
    List<String> definitions = new ArrayList<>();
    try (ResultSet found =
        statement.executeQuery(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = '"
                + table
                + "' AND indexname <> 'staff_pk' AND indexdef "
                + (partial ? "" : "NOT ")
                + "LIKE '% WHERE %'"
                + " ORDER BY indexname")) {
      while (found.next()) {
        definitions.add(
            found
                .getString(1)
                .replace(" ON public." + table + " ", " ON " + copy + " ")
                .replaceFirst("INDEX (\\S+) ON", "INDEX bench_$1 ON"));
      }
    }
    return definitions;
  }

  /** Runs the jar's import command; returns the import time it reports (without JVM start). */
  private static double importFile(Path jar, String url, Path config, Path file) throws Exception {
    List<String> command = java(jar, url, config);
    command.addAll(List.of("import", file.toAbsolutePath().toString()));
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.PIPE)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("import failed:\n" + output);
    }
    Matcher done = DONE.matcher(output);
    if (!done.find()) {
      throw new IllegalStateException("no summary in:\n" + output);
    }
    double reported = Double.parseDouble(done.group(1).replace(',', '.'));
    output.lines().filter(l -> l.startsWith("[import]")).forEach(l -> log("  %s", l));
    String summary = output.lines().filter(l -> l.startsWith("Import ")).findFirst().orElse("");
    log("%s (process %.1f s)", summary, seconds(start));
    return reported;
  }

  private static List<String> java(Path jar, String url, Path config) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String options = System.getenv("SESAME_BENCH_JAVA_OPTS");
    if (options != null && !options.isBlank()) {
      // "%n" numbers the processes, so that each can write its own profile.
      String run = Integer.toString(++processes);
      for (String option : options.trim().split("\\s+")) {
        command.add(option.replace("%n", run));
      }
    }
    command.add("-Dquarkus.datasource.jdbc.url=" + url);
    command.add("-Dquarkus.datasource.username=postgres");
    command.add("-Dquarkus.datasource.password=postgres");
    command.add("-Dquarkus.config.locations=" + config.toUri());
    command.add("-Dquarkus.log.console.json.enabled=false");
    command.addAll(fr.sesame.support.ClassDataArchive.option(jar));
    command.add("-jar");
    command.add(jar.toString());
    return command;
  }

  /**
   * Starts the jar as a server on the imported directory, times re-imports over HTTP (what an
   * administrator does on the running service, JIT warm after the first one) and realistic
   * searches.
   */
  private static double[] serve(
      Path jar, String url, Path config, int count, Path first, Path changed, List<String[]> table)
      throws Exception {
    int http = freePort();
    int management = freePort();
    String login = administrator(url);
    List<String> command = java(jar, url, config);
    command.add(command.size() - 2, "-Dquarkus.http.port=" + http);
    command.add(command.size() - 2, "-Dquarkus.management.port=" + management);
    // The administration API wants an administrator's token: a bench client and person.
    command.add(command.size() - 2, "-Dsesame.clients.bench.secret-sha256=" + BENCH_SECRET_SHA256);
    command.add(command.size() - 2, "-Dsesame.clients.bench.audiences=sesame-admin");
    command.add(command.size() - 2, "-Dsesame.clients.bench.grants=password");
    command.add(command.size() - 2, "-Dsesame.clients.bench.administration=true");
    // The production profile signs tokens only with keys encrypted under a configured key.
    byte[] keyEncryptionKey = new byte[32];
    new java.security.SecureRandom().nextBytes(keyEncryptionKey);
    command.add(
        command.size() - 2,
        "-Dsesame.tokens.keys.encryption-key="
            + java.util.Base64.getEncoder().encodeToString(keyEncryptionKey));
    Process server =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(Path.of("bench", "out", "server.log").toFile())
            .start();
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      String base = "http://localhost:" + management;
      waitReady(client, base);
      bearer = "Bearer " + token(client, "http://localhost:" + http, login);
      // Uploads over HTTP/1.1, as curl sends them. This client's default, HTTP/2 after an h2c
      // upgrade, made an unchanged million-row re-import 0.7-1.0 s longer (4.2-4.6 s against
      // 3.5-3.6 s, three interleaved pairs): the transport of the 81 MB, not the import.
      HttpClient uploads =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(2))
              .build();
      upload(uploads, base, changed);
      double httpUnchanged = upload(uploads, base, changed);
      table.add(row("unchanged re-import (HTTP, running service)", httpUnchanged, "s", "≤ 5"));
      double httpChanged = upload(uploads, base, first);
      table.add(row("re-import with 5 % changed rows (HTTP)", httpChanged, "s", "—"));
      // Access tokens live 5 minutes: a fresh one for the searches.
      bearer = "Bearer " + token(client, "http://localhost:" + http, login);
      List<String> queries = queries(count + 200);
      double[] millis = new double[count];
      for (int i = 0; i < queries.size(); i++) {
        HttpRequest request =
            HttpRequest.newBuilder(
                    URI.create(
                        base
                            + "/api/v1/admin/staff?limit=20&q="
                            + URLEncoder.encode(queries.get(i), StandardCharsets.UTF_8)))
                .header("Authorization", bearer)
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        double elapsed = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
          throw new IllegalStateException(
              queries.get(i) + " → " + response.statusCode() + " " + response.body());
        }
        if (i >= 200) {
          millis[i - 200] = elapsed;
        }
      }
      Arrays.sort(millis);
      return new double[] {percentile(millis, 50), percentile(millis, 95), percentile(millis, 99)};
    } finally {
      server.destroy();
      server.waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** The secret of the bench's administration client is "bench-admin-secret". */
  private static final String BENCH_SECRET_SHA256 =
      "242c0c6cbb683b54a5007778895cb3cff96b9cc3d45b7652cd1161ba9369952e";

  private static final String ADMIN_PASSWORD = "Tramontane-Garrigue-Cers-2026";
  private static String bearer;

  /**
   * Makes one imported person an académie administrator with a known password, straight in the
   * database (a hash made here, as the tests do), and returns their login.
   */
  private static String administrator(String url) throws Exception {
    byte[] salt = new byte[16];
    new java.security.SecureRandom().nextBytes(salt);
    String hash = fr.sesame.support.Argon2Hashes.phc(ADMIN_PASSWORD, salt, 19456, 2);
    try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
        var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT id, login FROM staff ORDER BY id LIMIT 1")) {
      rows.next();
      java.util.UUID id = rows.getObject(1, java.util.UUID.class);
      String login = rows.getString(2);
      try (var update =
              connection.prepareStatement(
                  "UPDATE staff SET state = 'ACTIVE', block_reason = NULL WHERE id = ?");
          var credential =
              connection.prepareStatement(
                  "INSERT INTO credential (staff_id, password_hash, changed_at)"
                      + " VALUES (?, ?, now()) ON CONFLICT (staff_id) DO NOTHING");
          var role =
              connection.prepareStatement(
                  "INSERT INTO admin_role (staff_id, role, granted_at, granted_by)"
                      + " VALUES (?, 'academie-admin', now(), 'bench') ON CONFLICT DO NOTHING")) {
        update.setObject(1, id);
        update.executeUpdate();
        credential.setObject(1, id);
        credential.setString(2, hash);
        credential.executeUpdate();
        role.setObject(1, id);
        role.executeUpdate();
      }
      return login;
    }
  }

  private static String token(HttpClient client, String publicBase, String login) throws Exception {
    String form =
        "grant_type=password&username="
            + URLEncoder.encode(login, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8);
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(publicBase + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(
                    "Authorization",
                    "Basic "
                        + java.util.Base64.getEncoder()
                            .encodeToString(
                                "bench:bench-admin-secret".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    java.util.regex.Matcher token =
        java.util.regex.Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
    if (response.statusCode() != 200 || !token.find()) {
      throw new IllegalStateException("administrator login failed: " + response.body());
    }
    return token.group(1);
  }

  private static double upload(HttpClient client, String base, Path file) throws Exception {
    // A multipart file, as a large extract should be sent: the service streams it to disk.
    String boundary = "sesame-bench-" + Long.toHexString(System.nanoTime());
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName()
                + "\"\r\nContent-Type: text/csv\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/imports"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", bearer)
                .timeout(Duration.ofMinutes(10))
                .POST(
                    HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(file),
                        HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double elapsed = seconds(start);
    if (response.statusCode() != 201) {
      throw new IllegalStateException("HTTP import failed: " + response.body());
    }
    log("HTTP import of %s: %.1f s", file.getFileName(), elapsed);
    return elapsed;
  }

  /** What administrators type: surname prefixes, "first last", logins, UAIs. */
  private static List<String> queries(int count) {
    Random random = new Random(7);
    SyntheticStaff names = new SyntheticStaff(99, List.of("01"), SCHOOLS);
    List<String> queries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String family = names.family();
      String first = names.first();
      String folded = NameFolding.fold(family);
      switch (i % 5) {
        case 0 ->
            queries.add(family.substring(0, Math.min(family.length(), 3 + random.nextInt(4))));
        case 1 -> queries.add(family + " " + first.charAt(0));
        case 2 -> queries.add(first + " " + family);
        case 3 ->
            queries.add(
                NameFolding.fold(first).charAt(0)
                    + folded.substring(0, Math.min(folded.length(), 5)));
        default -> queries.add(String.format("%07d%c", 300_000 + random.nextInt(SCHOOLS), 'A'));
      }
    }
    return queries;
  }

  private static void waitReady(HttpClient client, String base) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> ready =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("server not ready; see bench/out/server.log");
  }

  private static double percentile(double[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void checkpoint(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
        Statement statement = connection.createStatement()) {
      long start = System.nanoTime();
      statement.execute("CHECKPOINT");
      log("CHECKPOINT in %.1f s", seconds(start));
    }
  }

  private static String version(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres")) {
      return connection.getMetaData().getDatabaseProductVersion();
    }
  }

  private static String[] row(String what, double value, String unit, String target) {
    String formatted =
        value >= 100
            ? String.format(Locale.ROOT, "%,.0f", value)
            : String.format(Locale.ROOT, "%.1f", value);
    return new String[] {what, formatted + " " + unit, target};
  }

  private static void print(int rows, List<String[]> table) {
    System.out.println();
    System.out.printf(
        "HR import benchmark: %,d rows, %d départements, %,d schools, %d cores%n%n",
        rows, DEPARTEMENTS, SCHOOLS, Runtime.getRuntime().availableProcessors());
    System.out.println("| measure | value | target |");
    System.out.println("|---|---:|---|");
    for (String[] row : table) {
      System.out.printf("| %s | %s | %s |%n", row[0], row[1], row[2]);
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static void log(String format, Object... args) {
    System.err.printf("[bench] " + format + "%n", args);
  }
}
