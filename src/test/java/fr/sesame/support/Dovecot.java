package fr.sesame.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real IMAP server, Debian's Dovecot, that takes XOAUTH2 and OAUTHBEARER logins with Sésame's
 * access tokens, configured as the README tells an académie to configure it: its {@code oauth2}
 * passdb either asks Sésame's introspection endpoint about each token ({@link #introspecting}), or
 * checks the token's signature itself with the public keys of the JWKS ({@link
 * #validatingLocally}). It runs in the foreground on a port of its own, with its configuration,
 * keys, logs and mailboxes in a temporary directory, and stops with {@link #close}.
 */
public final class Dovecot implements AutoCloseable {

  private static final Path DOVECOT = Path.of("/usr/sbin/dovecot");
  private static final Duration START = Duration.ofSeconds(20);

  private final Process process;
  private final Path directory;
  private final int port;

  private Dovecot(Process process, Path directory, int port) {
    this.process = process;
    this.directory = directory;
    this.port = port;
  }

  /**
   * Dovecot asking {@code introspection} (a URL with the client's id and secret as its user part)
   * about every token; the test is skipped, saying why, when Dovecot is not installed.
   */
  public static Dovecot introspecting(String introspection)
      throws IOException, InterruptedException {
    return start(
        directory ->
            """
            introspection_mode = post
            introspection_url = %s
            username_attribute = username
            active_attribute = active
            active_value = true
            """
                .formatted(introspection));
  }

  /**
   * Dovecot checking every token itself: its signature with {@code keys} (PEM public keys by {@code
   * "alg/kid"}, as the JWKS publishes them), its issuer, its times; the person is the token's
   * {@code preferred_username}. The test is skipped, saying why, when Dovecot is not installed.
   */
  public static Dovecot validatingLocally(Map<String, String> keys, String issuer)
      throws IOException, InterruptedException {
    return start(
        directory -> {
          // Dovecot looks a key up as shared/<azp>/<alg>/<kid>; tokens without azp use "default".
          Path store = directory.resolve("keys");
          for (Map.Entry<String, String> key : keys.entrySet()) {
            Path file = store.resolve("default").resolve(key.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, key.getValue());
          }
          return """
              introspection_mode = local
              local_validation_key_dict = fs:posix:prefix=%s/
              username_attribute = preferred_username
              issuers = %s
              """
              .formatted(store, issuer);
        });
  }

  /** What the oauth2 passdb's settings file holds, written into Dovecot's directory. */
  private interface Settings {
    String write(Path directory) throws IOException;
  }

  private static Dovecot start(Settings settings) throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        Files.isExecutable(DOVECOT),
        "Mail server tests skipped: no /usr/sbin/dovecot"
            + " (apt-get install dovecot-imapd; .ci/run does it)");
    Path directory = Files.createTempDirectory("sesame-dovecot");
    // Dovecot's unprivileged processes read the configuration and keys and write the mailboxes.
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path home = Files.createDirectory(directory.resolve("home"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.writeString(directory.resolve("dovecot-oauth2.conf.ext"), settings.write(directory));
    boolean root = "root".equals(System.getProperty("user.name"));
    String self = System.getProperty("user.name");
    int port = JarProcess.freePort();
    Files.writeString(
        directory.resolve("dovecot.conf"),
        """
        base_dir = %1$s/run
        state_dir = %1$s/state
        log_path = %1$s/dovecot.log
        auth_verbose = yes
        # Refusals answer at once: the tests make several, and each would wait two seconds.
        auth_failure_delay = 0
        protocols = imap
        listen = 127.0.0.1
        ssl = no
        disable_plaintext_auth = no
        auth_mechanisms = xoauth2 oauthbearer
        passdb {
          driver = oauth2
          mechanisms = xoauth2 oauthbearer
          args = %1$s/dovecot-oauth2.conf.ext
        }
        userdb {
          driver = static
          args = uid=%2$s gid=%3$s home=%1$s/home/%%u
        }
        first_valid_uid = 1
        first_valid_gid = 1
        mail_location = maildir:~/Maildir
        default_internal_user = %2$s
        default_internal_group = %3$s
        default_login_user = %4$s
        # No chroot, so that a user other than root can start it too.
        service anvil {
          chroot =
        }
        service imap-login {
          chroot =
          inet_listener imap {
            address = 127.0.0.1
            port = %5$d
          }
          inet_listener imaps {
            port = 0
          }
        }
        """
            .formatted(
                directory,
                root ? "dovecot" : self,
                root ? "dovecot" : groupOf(self),
                root ? "dovenull" : self,
                port));
    Process process =
        new ProcessBuilder(
                DOVECOT.toString(), "-F", "-c", directory.resolve("dovecot.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("dovecot.out").toFile())
            .start();
    Dovecot dovecot = new Dovecot(process, directory, port);
    dovecot.awaitGreeting();
    return dovecot;
  }

  private static String groupOf(String user) throws IOException, InterruptedException {
    Process id = new ProcessBuilder("id", "-gn", user).redirectErrorStream(true).start();
    String group = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    id.waitFor();
    return group;
  }

  private void awaitGreeting() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Dovecot stopped at start:\n" + log());
      }
      try (Imap imap = connect()) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("Dovecot did not answer within " + START + ":\n" + log());
  }

  /**
   * A new IMAP connection, past the server's greeting, from an address of the loopback network of
   * its own: Dovecot slows down the logins of an address after its failures (its auth penalty, up
   * to 15 s), which would make each test wait for the refusals of the one before.
   */
  public Imap connect() throws IOException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Socket socket = new Socket();
    socket.bind(
        new InetSocketAddress(
            "127."
                + random.nextInt(1, 255)
                + "."
                + random.nextInt(256)
                + "."
                + random.nextInt(1, 255),
            0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    socket.setSoTimeout(30_000);
    Imap imap = new Imap(socket);
    String greeting = imap.readLine();
    if (greeting == null || !greeting.startsWith("* OK")) {
      imap.close();
      throw new IOException("no IMAP greeting: " + greeting);
    }
    return imap;
  }

  public int port() {
    return port;
  }

  /** The mailbox directory Dovecot keeps for {@code user}, made at their first login. */
  public Path home(String user) {
    return directory.resolve("home").resolve(user);
  }

  /** Dovecot's log so far, for the messages of failed assertions. */
  public String log() {
    StringBuilder log = new StringBuilder();
    for (String name : new String[] {"dovecot.out", "dovecot.log"}) {
      try {
        log.append(Files.readString(directory.resolve(name)));
      } catch (IOException absent) {
        // Not written yet.
      }
    }
    return log.toString();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    process.waitFor();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** One IMAP connection, as a mail client (or a webmail front) speaks it. */
  public static final class Imap implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private int tags;

    private Imap(Socket socket) throws IOException {
      this.socket = socket;
      this.in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      this.out = socket.getOutputStream();
    }

    /**
     * {@code AUTHENTICATE} with the initial response (RFC 4959); answers the server's tagged line.
     * A failing XOAUTH2 or OAUTHBEARER exchange first sends an error challenge, which a client
     * acknowledges with an empty line (RFC 7628, 3.2.3).
     */
    public String authenticate(String mechanism, String initialResponse) throws IOException {
      String tag = "a" + ++tags;
      send(
          tag
              + " AUTHENTICATE "
              + mechanism
              + " "
              + Base64.getEncoder()
                  .encodeToString(initialResponse.getBytes(StandardCharsets.UTF_8)));
      return tagged(tag, true);
    }

    /** Any command; answers the tagged line. */
    public String command(String command) throws IOException {
      String tag = "a" + ++tags;
      send(tag + " " + command);
      return tagged(tag, false);
    }

    /** The server's answer to {@code tag}, past its untagged lines (and challenges, when asked). */
    private String tagged(String tag, boolean acknowledgeChallenges) throws IOException {
      while (true) {
        String line = readLine();
        if (line == null) {
          throw new IOException("connection closed before the answer to " + tag);
        }
        if (acknowledgeChallenges && line.startsWith("+")) {
          send("");
        } else if (line.startsWith(tag + " ")) {
          return line.substring(tag.length() + 1);
        }
      }
    }

    private void send(String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    private String readLine() throws IOException {
      return in.readLine();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
