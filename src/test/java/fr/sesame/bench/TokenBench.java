package fr.sesame.bench;

import fr.sesame.credentials.SlotMemory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The token benchmark (bench/tokens): the packaged jar on an embedded PostgreSQL, loaded by wrk for
 * login, refresh, introspection and the JWKS, a login flood with its resident memory, the start-up
 * time, and in the same run the raw limits of the machine (Argon2id hashes/s with the service's
 * parameters on all cores, ES256 signatures/s). Prints a Markdown table.
 */
public final class TokenBench {

  private static final String PASSWORD = "Garrigue-Soleil-2026";
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern PERCENTILE =
      Pattern.compile("\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)");
  private static final Pattern STATUS = Pattern.compile("status (\\d+) (\\d+)");
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private TokenBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    Path out = Files.createDirectories(Path.of("bench", "out"));
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
    List<String[]> table = new ArrayList<>();
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      SecureRandom random = new SecureRandom();
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(random, 32));
      String auth =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(("bench:" + secret).getBytes(StandardCharsets.UTF_8));
      // The raw limit on an idle machine, for the table; the login is compared with it below.
      double argon2Before = rawArgon2(8);
      log("raw Argon2id: %.1f hashes/s on %d cores", argon2Before, CORES);
      int http = freePort();
      int management = freePort();
      // Ready = process start to readiness on the management port, JVM start included.
      long launched = System.nanoTime();
      Process server = start(jar, url, http, management, random, secret, out);
      double ready;
      try {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        waitReady(client, "http://localhost:" + management + "/q/health/ready");
        ready = (System.nanoTime() - launched) / 1e9;
        log("ready in %.2f s", ready);
        // A first start applies the migrations and generates the keys: restart to time a
        // start on an existing database, as every start after the first one is. Three times,
        // since one start moves by a second with the machine's neighbours: the median counts.
        double[] restarts = new double[3];
        for (int i = 0; i < restarts.length; i++) {
          stop(server);
          launched = System.nanoTime();
          server = start(jar, url, http, management, random, secret, out);
          waitReady(client, "http://localhost:" + management + "/q/health/ready");
          restarts[i] = (System.nanoTime() - launched) / 1e9;
          log("ready again in %.2f s", restarts[i]);
        }
        java.util.Arrays.sort(restarts);
        table.add(
            new String[] {
              "packaged jar ready, first start (migrations, keys)", f(ready, 2) + " s", "—"
            });
        table.add(
            new String[] {
              "packaged jar ready, usual start (median of 3)",
              f(restarts[1], 2) + " s (" + f(restarts[0], 2) + "–" + f(restarts[2], 2) + ")",
              "≤ 3 s"
            });

        seed(postgres, 300);
        String base = "http://localhost:" + http;
        String loginBody =
            "grant_type=password&username=bench1&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);

        // Every scenario runs unmeasured first, until the JIT is done with it (see warmUp); the
        // fast ones before the login is measured, since they share its HTTP, JSON, token and
        // database code, which a few dozen logins a second would take minutes to get compiled.
        long pid = server.pid();
        // Refreshing rotates the tokens, and a token used again after its rotation is a replay
        // that revokes its session: each refresh leg, warm-up or measured, gets 256 sessions of
        // its own (a leg that reused the tokens of the last one would answer only 400s and warm
        // the replay path instead of the rotation).
        Path tokens = out.resolve("refresh-tokens.txt");
        String access = sessions(client, base, auth, tokens);
        warmUp(
            out,
            pid,
            base + "/oauth2/token",
            "refresh.lua",
            64,
            seconds,
            0,
            () -> {
              sessions(client, base, auth, tokens);
              return refreshEnv(auth, tokens);
            });
        Map<String, String> introspectEnv =
            Map.of("BENCH_AUTH", auth, "BENCH_BODY", "token=" + access);
        warmUp(
            out, pid, base + "/oauth2/introspect", "post.lua", 64, seconds, 0, () -> introspectEnv);
        warmUp(out, pid, base + "/.well-known/jwks.json", "get.lua", 64, seconds, 0, Map::of);
        Map<String, String> loginEnv = Map.of("BENCH_AUTH", auth, "BENCH_BODY", loginBody);
        warmUp(
            out,
            pid,
            base + "/oauth2/token",
            "post.lua",
            16,
            seconds,
            LOGIN_WARM_UP,
            () -> loginEnv);
        // This machine's speed drifts by half within minutes, so the login rate is compared with
        // the raw rate in interleaved runs (raw, login, raw, login, ..., raw, a few seconds each):
        // each login run against the mean of the raw runs just before and just after it, which
        // cancels a steady drift, and the ratio is the median of these pairs' ratios.
        List<Double> ratios = new ArrayList<>();
        List<Result> loginRuns = new ArrayList<>();
        int leg = Math.max(3, seconds / 2);
        double rawBefore = rawArgon2(leg);
        double argon2After = rawBefore;
        for (int round = 0; round < LOGIN_ROUNDS; round++) {
          Map<String, ThreadTicks> threadsBefore = threadTicks(pid);
          MachineTicks machineBefore = machineTicks();
          Result pair = wrk(out, base + "/oauth2/token", "post.lua", 2, 16, leg, loginEnv);
          log(
              "pair %d: %s",
              round + 1,
              cpuPerLogin(
                  threadsBefore,
                  threadTicks(pid),
                  machineBefore,
                  machineTicks(),
                  pair.statuses().values().stream().mapToLong(Long::longValue).sum()));
          double rawAfter = rawArgon2(leg);
          double raw = (rawBefore + rawAfter) / 2;
          ratios.add(pair.rate / raw);
          loginRuns.add(pair);
          argon2After = Math.max(argon2After, rawAfter);
          log(
              "pair %d: raw %.1f/s before and %.1f/s after, login %.1f/s (%.0f %%)",
              round + 1, rawBefore, rawAfter, pair.rate, 100 * pair.rate / raw);
          rawBefore = rawAfter;
        }
        ratios.sort(null);
        loginRuns.sort(java.util.Comparator.comparingDouble(Result::rate));
        Result login = loginRuns.get(LOGIN_ROUNDS / 2);
        double ratio = ratios.get(LOGIN_ROUNDS / 2);
        table.add(
            login.row(
                "login (password grant), 16 connections (median of " + LOGIN_ROUNDS + " runs)",
                String.format(
                    Locale.ROOT,
                    "≥ 90 %% of raw Argon2id → median %.0f %% (%.0f–%.0f %%)",
                    100 * ratio,
                    100 * ratios.get(0),
                    100 * ratios.get(LOGIN_ROUNDS - 1))));

        sessions(client, base, auth, tokens);
        Result refresh =
            wrk(
                out,
                base + "/oauth2/token",
                "refresh.lua",
                2,
                64,
                seconds,
                refreshEnv(auth, tokens));
        table.add(refresh.row("refresh (rotation), 64 connections", "≥ 1,500/s, p99 ≤ 50 ms"));

        Result introspect =
            wrk(out, base + "/oauth2/introspect", "post.lua", 2, 64, seconds, introspectEnv);
        table.add(introspect.row("introspection, 64 connections", "≥ 5,000/s"));

        Result jwks =
            wrk(out, base + "/.well-known/jwks.json", "get.lua", 2, 64, seconds, Map.of());
        table.add(jwks.row("JWKS, 64 connections", "—"));

        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong peak = new AtomicLong();
        Thread sampler =
            new Thread(
                () -> {
                  while (flooding.get()) {
                    peak.accumulateAndGet(rssKib(pid), Math::max);
                    try {
                      Thread.sleep(100);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
        long idle = rssKib(pid);
        sampler.start();
        Result flood =
            wrk(
                out,
                base + "/oauth2/token",
                "post.lua",
                2,
                500,
                seconds,
                Map.of("BENCH_AUTH", auth, "BENCH_BODY", loginBody));
        flooding.set(false);
        sampler.join();
        long other =
            flood.statuses.entrySet().stream()
                .filter(e -> e.getKey() != 200 && e.getKey() != 503)
                .mapToLong(Map.Entry::getValue)
                .sum();
        table.add(
            new String[] {
              "login flood, 500 connections: answers",
              String.format(
                  Locale.ROOT,
                  "%s (%,d errors other than 503, %,d socket errors)",
                  flood.statuses,
                  other,
                  flood.socketErrors),
              "no error but 503"
            });
        table.add(
            new String[] {
              "login flood: peak resident memory (idle before)",
              String.format(Locale.ROOT, "%,d MB (%,d MB)", peak.get() / 1024, idle / 1024),
              "≤ 512 MB"
            });
        double es256 = rawEs256(3);
        table.add(
            new String[] {
              "raw Argon2id (m=19456, t=2, p=1), "
                  + CORES
                  + " cores: idle start / best interleaved run",
              f(argon2Before, 1) + " / " + f(argon2After, 1) + " hashes/s",
              "—"
            });
        table.add(
            new String[] {
              "raw ES256 signatures (Bouncy Castle), " + CORES + " cores", f(es256, 0) + " /s", "—"
            });
      } finally {
        stop(server);
      }
    }
    System.out.println();
    System.out.println("| measure | result | target |");
    System.out.println("|---|---|---|");
    for (String[] row : table) {
      System.out.printf("| %s | %s | %s |%n", row[0], row[1], row[2]);
    }
  }

  /** What wrk measured. */
  record Result(
      double rate,
      double p50,
      double p99,
      Map<Integer, Long> statuses,
      long socketErrors,
      long fullCollections) {
    String[] row(String name, String target) {
      return new String[] {
        name,
        String.format(
            Locale.ROOT,
            "%s/s, p50 %.1f ms, p99 %.1f ms%s, %d full collections",
            f(rate, 0),
            p50,
            p99,
            statuses.keySet().stream().allMatch(s -> s == 200) ? "" : " " + statuses,
            fullCollections),
        target
      };
    }
  }

  private static final int LOGIN_ROUNDS = 7;

  private static final String GC_LOG = "tokens-server-gc.log";

  /** The full collections the server logged since its start. */
  private static long fullCollections(Path out) throws IOException {
    try (var lines = Files.lines(out.resolve(GC_LOG))) {
      return lines.filter(line -> line.contains("Pause Full")).count();
    }
  }

  /** Warm-up legs at most per scenario, and the compiler activity that ends the warm-up. */
  private static final int MAX_WARM_UP_LEGS = 6;

  /**
   * Logins answered before the login's warm-up may end. HotSpot compiles a method with C2 once it
   * has been called Tier4InvocationThreshold (5,000) times, later while the compile queue is long;
   * the compiler threads stay quiet until then. Code that runs once per login only (the
   * transaction, the audit record, the session's opening) is thus compiled after some 5,000 logins,
   * minutes at a few dozen a second: warmed for less, those compilations fell in the measured runs
   * (1 to 2 ms of compiler CPU per login in the last pairs).
   */
  private static final int LOGIN_WARM_UP = 8_000;

  private static final double QUIET_COMPILERS = 0.02;

  /** Linux's clock ticks per second (USER_HZ), the unit of the CPU times in /proc. */
  private static final double CLOCK_TICKS = 100;

  /**
   * Runs a scenario unmeasured until the server's JIT compilers are done with it: legs of {@code
   * seconds} (10 at least) until its compiler threads used under 2 % of a core during one, six legs
   * at most. A freshly started server still interprets or compiles its hot code (Argon2 above all)
   * for tens of seconds, and the table is about a server that has run for a while. Before that
   * test, the legs answer at least {@code requests} requests, for code whose compilation waits on
   * call counts rather than time ({@link #LOGIN_WARM_UP}). {@code legEnv} prepares each leg's
   * environment, outside its measure.
   */
  private static void warmUp(
      Path out,
      long pid,
      String url,
      String script,
      int connections,
      int seconds,
      long requests,
      Callable<Map<String, String>> legEnv)
      throws Exception {
    int legSeconds = Math.max(10, seconds);
    long answered = 0;
    for (int leg = 1, quietLegs = 0; ; leg++) {
      Map<String, String> env = legEnv.call();
      long before = compilerTicks(pid);
      long start = System.nanoTime();
      Result result = wrk(out, url, script, 2, connections, legSeconds, env);
      answered += result.statuses().values().stream().mapToLong(Long::longValue).sum();
      double compilers =
          Math.max(0, compilerTicks(pid) - before)
              / CLOCK_TICKS
              / ((System.nanoTime() - start) / 1e9);
      log(
          "warm-up leg %d of %s: %d requests so far, JIT compilers used %.2f of a core",
          leg, script, answered, compilers);
      if (answered < requests) {
        continue;
      }
      quietLegs++;
      if (compilers < QUIET_COMPILERS || quietLegs == MAX_WARM_UP_LEGS) {
        return;
      }
    }
  }

  /**
   * Opens 256 sessions (one per seeded person) with the password grant and writes their refresh
   * tokens to {@code file}, one per line, for refresh.lua; returns one of the access tokens.
   */
  private static String sessions(HttpClient client, String base, String auth, Path file)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CORES * 2);
    try {
      List<Future<String>> logins = new ArrayList<>();
      for (int i = 1; i <= 256; i++) {
        String body =
            "grant_type=password&username=bench"
                + i
                + "&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        logins.add(pool.submit(() -> post(client, base + "/oauth2/token", auth, body)));
      }
      List<String> refreshTokens = new ArrayList<>();
      String access = null;
      for (Future<String> answer : logins) {
        String json = answer.get();
        refreshTokens.add(field(json, "refresh_token"));
        access = field(json, "access_token");
      }
      Files.write(file, refreshTokens);
      return access;
    } finally {
      pool.shutdown();
    }
  }

  private static Map<String, String> refreshEnv(String auth, Path tokens) {
    return Map.of(
        "BENCH_AUTH",
        auth,
        "BENCH_TOKENS",
        tokens.toAbsolutePath().toString(),
        "BENCH_THREADS",
        "2");
  }

  /** CPU time the JIT compiler threads of a process used so far, in clock ticks. */
  private static long compilerTicks(long pid) throws IOException {
    return threadTicks(pid).values().stream()
        .filter(thread -> thread.kind().equals("compilers"))
        .mapToLong(ThreadTicks::total)
        .sum();
  }

  /**
   * A thread's kind and the CPU time it used so far, in clock ticks: in its code, in the kernel.
   */
  private record ThreadTicks(String kind, long user, long system) {
    long total() {
      return user + system;
    }
  }

  /** The CPU time each thread of a process used so far, by thread id. */
  private static Map<String, ThreadTicks> threadTicks(long pid) throws IOException {
    Map<String, ThreadTicks> ticks = new java.util.HashMap<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (NoSuchFileException ended) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        // Fields after the name: state is the first, utime and stime the 12th and 13th.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks.put(
            task.getFileName().toString(),
            new ThreadTicks(
                threadKind(name), Long.parseLong(fields[11]), Long.parseLong(fields[12])));
      }
    }
    return ticks;
  }

  /** A thread's kind from its name as Linux shows it (15 characters at most). */
  private static String threadKind(String name) {
    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
      return "compilers";
    }
    if (name.startsWith("executor-thread")) {
      return "workers";
    }
    if (name.startsWith("vert.x-eventloo")) {
      return "event loops";
    }
    if (name.startsWith("GC Thread") || name.startsWith("VM Thread")) {
      return "GC and VM";
    }
    // Numbered threads of one pool count together: "pool-3-thread-12" and "pool-3-thread-4".
    return name.replaceAll("[-#]?[0-9]+$", "");
  }

  /** A file of a process in /proc, or null once the process has ended. */
  private static String whileAlive(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException ended) {
      return null;
    }
  }

  /**
   * CPU time of the whole machine in clock ticks: busy, total, PostgreSQL's (of which its clients'
   * backends), this bench's ended children (wrk, once reaped), the hypervisor's steal, and idle
   * time spent waiting for the disk.
   */
  private record MachineTicks(
      long busy, long total, long postgres, long backends, long children, long steal, long iowait) {

    /** The ticks from {@code earlier} to these. */
    MachineTicks since(MachineTicks earlier) {
      return new MachineTicks(
          busy - earlier.busy,
          total - earlier.total,
          postgres - earlier.postgres,
          backends - earlier.backends,
          children - earlier.children,
          steal - earlier.steal,
          iowait - earlier.iowait);
    }
  }

  /** The machine's CPU time so far (/proc/stat, /proc/PID/stat). */
  private static MachineTicks machineTicks() throws IOException {
    String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < Math.min(fields.length, 9); i++) {
      total += Long.parseLong(fields[i]);
    }
    // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
    long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
    long steal = fields.length > 8 ? Long.parseLong(fields[8]) : 0;
    long postgres = 0;
    long backends = 0;
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        String stat = whileAlive(process.resolve("stat"));
        if (stat != null && stat.contains("(postgres)")) {
          String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long own = Long.parseLong(after[11]) + Long.parseLong(after[12]);
          postgres += own;
          String title = whileAlive(process.resolve("cmdline"));
          if (title == null) {
            continue;
          }
          // A client's backend is titled with its address and port: "… 127.0.0.1(54321) idle".
          if (title.contains("(")) {
            backends += own;
          } else if (!title.startsWith("postgres:")) {
            // The postmaster: its reaped children (autovacuum workers) count as PostgreSQL's.
            postgres += Long.parseLong(after[13]) + Long.parseLong(after[14]);
          }
        }
      }
    }
    String[] self = Files.readString(Path.of("/proc/self/stat")).split("\\) ", 2)[1].split(" ");
    // cutime and cstime: the 14th and 15th fields after the name.
    long children = Long.parseLong(self[13]) + Long.parseLong(self[14]);
    return new MachineTicks(
        total - idle, total, postgres, backends, children, steal, Long.parseLong(fields[5]));
  }

  /**
   * Where the cores went during a login run, in milliseconds of CPU per login: the server's threads
   * by kind (those that used any, and of that in the kernel), the rest of the machine (PostgreSQL,
   * wrk), and what stayed idle. A thread that ended during the run is left out: its last ticks
   * cannot be read.
   */
  private static String cpuPerLogin(
      Map<String, ThreadTicks> before,
      Map<String, ThreadTicks> after,
      MachineTicks machineBefore,
      MachineTicks machineAfter,
      long logins) {
    Map<String, ThreadTicks> byKind = new java.util.TreeMap<>();
    for (Map.Entry<String, ThreadTicks> thread : after.entrySet()) {
      ThreadTicks now = thread.getValue();
      ThreadTicks earlier = before.getOrDefault(thread.getKey(), new ThreadTicks(now.kind(), 0, 0));
      byKind.merge(
          now.kind(),
          new ThreadTicks(now.kind(), now.user() - earlier.user(), now.system() - earlier.system()),
          (a, b) -> new ThreadTicks(a.kind(), a.user() + b.user(), a.system() + b.system()));
    }
    StringBuilder text = new StringBuilder();
    long server = 0;
    for (ThreadTicks kind : byKind.values()) {
      server += kind.total();
      if (perLogin(kind.total(), logins) >= 0.05) {
        text.append(
            String.format(
                Locale.ROOT,
                "%s %.1f (kernel %.1f), ",
                kind.kind(),
                perLogin(kind.total(), logins),
                perLogin(kind.system(), logins)));
      }
    }
    MachineTicks machine = machineAfter.since(machineBefore);
    long busy = machine.busy();
    long idle = machine.total() - busy;
    return text.append(
            String.format(
                Locale.ROOT,
                "rest of the machine %.1f (PostgreSQL %.1f of which its clients' backends %.1f,"
                    + " wrk %.1f, steal %.1f), idle %.1f (waiting for the disk %.1f) ms of CPU per"
                    + " login",
                perLogin(busy - server, logins),
                perLogin(machine.postgres(), logins),
                perLogin(machine.backends(), logins),
                perLogin(machine.children(), logins),
                perLogin(machine.steal(), logins),
                perLogin(idle, logins),
                perLogin(machine.iowait(), logins)))
        .toString();
  }

  private static double perLogin(long ticks, long logins) {
    return logins == 0 ? 0 : ticks / CLOCK_TICKS * 1000 / logins;
  }

  private static Result wrk(
      Path out,
      String url,
      String script,
      int threads,
      int connections,
      int seconds,
      Map<String, String> env)
      throws Exception {
    List<String> command =
        List.of(
            "wrk",
            "-t" + threads,
            "-c" + connections,
            "-d" + seconds + "s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            Path.of("bench", "lua", script).toString(),
            url);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("BENCH_LUA", Path.of("bench", "lua").toAbsolutePath().toString());
    long fullBefore = fullCollections(out);
    Process wrk = builder.start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    wrk.waitFor();
    Files.writeString(out.resolve("wrk-" + script + "-" + connections + ".txt"), output);
    Matcher rate = RATE.matcher(output);
    if (!rate.find()) {
      throw new IllegalStateException("wrk said:\n" + output);
    }
    double p50 = 0;
    double p99 = 0;
    Matcher percentile = PERCENTILE.matcher(output);
    while (percentile.find()) {
      double value = Double.parseDouble(percentile.group(2));
      double millis =
          switch (percentile.group(3)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
          };
      if ("50".equals(percentile.group(1))) {
        p50 = millis;
      } else {
        p99 = millis;
      }
    }
    Map<Integer, Long> statuses = new LinkedHashMap<>();
    Matcher status = STATUS.matcher(output);
    while (status.find()) {
      statuses.merge(Integer.parseInt(status.group(1)), Long.parseLong(status.group(2)), Long::sum);
    }
    Matcher socket =
        Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
            .matcher(output);
    long socketErrors = 0;
    if (socket.find()) {
      for (int i = 1; i <= 4; i++) {
        socketErrors += Long.parseLong(socket.group(i));
      }
    }
    Result result =
        new Result(
            Double.parseDouble(rate.group(1)),
            p50,
            p99,
            statuses,
            socketErrors,
            fullCollections(out) - fullBefore);
    log(
        "%s c=%d: %.0f/s p50 %.1f ms p99 %.1f ms %s, %d full collections",
        script, connections, result.rate, p50, p99, statuses, result.fullCollections);
    return result;
  }

  private static Process start(
      Path jar, String url, int http, int management, SecureRandom random, String secret, Path out)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String options = System.getenv("SESAME_BENCH_JAVA_OPTS");
    if (options != null && !options.isBlank()) {
      command.addAll(List.of(options.trim().split("\\s+")));
    }
    command.add("-Dquarkus.http.port=" + http);
    command.add("-Dquarkus.management.port=" + management);
    command.add("-Dquarkus.log.console.json.enabled=false");
    // The collections of the last start, for the table: a full collection stops every request.
    command.add("-Xlog:gc:file=" + out.resolve(GC_LOG));
    command.addAll(fr.sesame.support.ClassDataArchive.option(jar));
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(out.resolve("tokens-server.log").toFile()));
    Map<String, String> env = builder.environment();
    env.put("QUARKUS_DATASOURCE_JDBC_URL", url);
    env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
    env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
    env.put("QUARKUS_CONFIG_LOCATIONS", "academies/ac-montpellier.properties");
    env.putIfAbsent("SESAME_TOKENS_KEYS_ENCRYPTION_KEY", KEK);
    env.put("SESAME_CLIENTS_BENCH_SECRET_SHA256", sha256(secret));
    env.put("SESAME_CLIENTS_BENCH_AUDIENCES", "webmail");
    env.put("SESAME_CLIENTS_BENCH_GRANTS", "password,refresh_token");
    env.put("SESAME_CLIENTS_BENCH_INTROSPECTION", "true");
    return builder.start();
  }

  private static final String KEK =
      Base64.getEncoder().encodeToString(bytes(new SecureRandom(), 32));

  /** People bench1…benchN, active, all with the same hash of PASSWORD (one hash to compute). */
  private static void seed(EmbeddedPostgres postgres, int count) throws Exception {
    String hash = argon2(PASSWORD, "sel-du-banc-1234".getBytes(StandardCharsets.UTF_8));
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        PreparedStatement staff =
            connection.prepareStatement(
                "INSERT INTO staff (id, numen, family_name, first_name, birth_date, category,"
                    + " departement_code, sort_key, first_key, source_hash, login, address, state,"
                    + " mail_quota_mb, language, created_at, updated_at) VALUES (?, ?, 'Banc', ?,"
                    + " '1980-01-01', 'SECOND_DEGRE', '34', ?, ?, 0, ?, ?, 'ACTIVE', 100, 'fr',"
                    + " now(), now())");
        PreparedStatement credential =
            connection.prepareStatement(
                "INSERT INTO credential (staff_id, password_hash, changed_at) VALUES (?, ?, now())")) {
      for (int i = 1; i <= count; i++) {
        UUID id = UUID.randomUUID();
        staff.setObject(1, id);
        staff.setString(2, String.format(Locale.ROOT, "34E%07dBEN", i));
        staff.setString(3, "Essai" + i);
        staff.setString(4, "banc essai" + i);
        staff.setString(5, "essai" + i + " banc");
        staff.setString(6, "bench" + i);
        staff.setString(7, "essai" + i + ".banc@ac-montpellier.fr");
        staff.addBatch();
        credential.setObject(1, id);
        credential.setString(2, hash);
        credential.addBatch();
      }
      staff.executeBatch();
      credential.executeBatch();
    }
  }

  /** Hashes/s on all cores, each thread reusing its memory blocks as the service's slots do. */
  private static double rawArgon2(int seconds) throws Exception {
    // Compiled as the service compiles it, or the two would not be the same code.
    fr.sesame.credentials.Argon2CompilerHints.install();
    // And with the service's memory, allocated as its slots allocate theirs, once for the run.
    if (rawMemory == null) {
      rawMemory = new ArrayBlockingQueue<>(CORES, false, SlotMemory.forSlots(CORES, 19456));
    }
    byte[] salt = "sel-du-banc-1234".getBytes(StandardCharsets.UTF_8);
    return onAllCores(
        seconds,
        () -> {
          SlotMemory memory = rawMemory.remove();
          try {
            return fr.sesame.support.Argon2Hashes.phc(PASSWORD, salt, 19456, 2, memory);
          } finally {
            memory.reclaim();
            rawMemory.add(memory);
          }
        });
  }

  /** The raw loop's hashing memory, one per core, as the service's slots hold it. */
  private static BlockingQueue<SlotMemory> rawMemory;

  /** ES256 signatures/s as the service makes them: Bouncy Castle, with its own form of the key. */
  private static double rawEs256(int seconds) throws Exception {
    Provider bouncyCastle = new BouncyCastleProvider();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    PrivateKey key =
        KeyFactory.getInstance("EC", bouncyCastle)
            .generatePrivate(
                new PKCS8EncodedKeySpec(generator.generateKeyPair().getPrivate().getEncoded()));
    byte[] payload = new byte[400];
    return onAllCores(
        seconds,
        () -> {
          try {
            Signature signature = Signature.getInstance("SHA256withECDSA", bouncyCastle);
            signature.initSign(key);
            signature.update(payload);
            return signature.sign();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static double onAllCores(int seconds, java.util.function.Supplier<Object> work)
      throws Exception {
    for (int i = 0; i < 20; i++) {
      work.get();
    }
    ExecutorService pool = Executors.newFixedThreadPool(CORES);
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long start = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < CORES; i++) {
      workers.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < end) {
                  work.get();
                  done.incrementAndGet();
                }
              }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    pool.shutdown();
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  private static String argon2(String password, byte[] salt) {
    return fr.sesame.support.Argon2Hashes.phc(password, salt, 19456, 2);
  }

  private static String post(HttpClient client, String url, String auth, String body) {
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Authorization", auth)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(response.statusCode() + " " + response.body());
      }
      return response.body();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String field(String json, String name) {
    Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
    if (!matcher.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return matcher.group(1);
  }

  static void waitReady(HttpClient client, String url) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        if (client
                .send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("not ready: " + url);
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException gone) {
      return 0;
    }
    return 0;
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(SecureRandom random, int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static String f(double value, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  static void log(String format, Object... args) {
    System.err.printf("[bench] " + format + "%n", args);
  }
}
