package fr.sesame.credentials;

import fr.sesame.audit.AuditEvent;
import fr.sesame.audit.AuditService;
import fr.sesame.directory.AccountStateChanged;
import fr.sesame.platform.Alongside;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator.BlockPool;

/**
 * Passwords: checking them at login, setting and changing them under the policy, storing them as
 * Argon2id hashes.
 *
 * <p>Anti-enumeration (SECURITY.md, Login): an unknown login, a wrong password, an account under a
 * delay, and a pending, blocked or deleted account all cost the same work and give the same answer,
 * an empty Optional. Every path runs exactly one Argon2id hash with the configured parameters (a
 * dummy hash when there is no real one to check), reads the counters once and writes them once.
 */
@ApplicationScoped
public class CredentialService {

  private static final int LONGEST_LOGIN = 254;
  private static final int LONGEST_INPUT = 4 * LengthRule.MAX;

  private final DataSource dataSource;
  private final PasswordHasher hasher;
  private final HashingPool pool;
  private final LoginThrottle throttle;
  private final PasswordPolicy policy;
  private final SecureRandom random;
  private final Clock clock;
  private final Event<PasswordChanged> changed;
  private final AuditService audit;
  private final io.micrometer.core.instrument.MeterRegistry registry;
  private volatile String dummyHash;

  CredentialService(
      DataSource dataSource,
      PasswordConfig config,
      SecureRandom random,
      Clock clock,
      HashingPool pool,
      LoginThrottle throttle,
      PasswordPolicy policy,
      Event<PasswordChanged> changed,
      AuditService audit,
      io.micrometer.core.instrument.MeterRegistry registry) {
    this.registry = registry;
    this.dataSource = dataSource;
    this.hasher =
        new PasswordHasher(
            new PasswordHasher.Cost(
                config.argon2().memoryKib(),
                config.argon2().iterations(),
                config.argon2().parallelism()),
            random,
            config.pepper().filter(p -> !p.isBlank()),
            config.previousPeppers().orElse(List.of()));
    this.pool = pool;
    this.throttle = throttle;
    this.policy = policy;
    this.random = random;
    this.clock = clock;
    this.changed = changed;
    this.audit = audit;
  }

  /**
   * Checks that {@code login} (a login or an académie address, any case) and {@code password} open
   * an {@code ACTIVE} account that is not waiting out a delay, then runs {@code opening} with its
   * id and the login's own writes (its audit row, the reset of its failure counter), which {@code
   * opening} carries in the statement that opens what the login opens (a session): both commit
   * together, in one round trip ({@link Alongside}). Empty on any failure, or when {@code opening}
   * answers empty. The audit row carries {@code userAgent}, the request's own when null.
   *
   * @throws HashingSaturated when every hashing slot stayed busy (answered 503)
   */
  public <T> Optional<T> authenticate(
      String login,
      String password,
      String clientAddress,
      String userAgent,
      BiFunction<UUID, List<Alongside>, Optional<T>> opening) {
    String name = normaliseLogin(login);
    Found found = findByLogin(name, clientAddress);
    String accountKey =
        found
            .account()
            .map(a -> LoginThrottle.accountKey(a.id()))
            .orElse(LoginThrottle.unknownLoginKey(name));
    return attempt(
        "LOGIN",
        found.account(),
        accountKey,
        found.standing(),
        password,
        new Origin(clientAddress, userAgent),
        (a, writes) -> opening.apply(a.id(), writes));
  }

  /**
   * Re-authentication of a logged-in person (a webmail front changing their password): counted like
   * a login, so a stolen access token does not open an unthrottled password oracle.
   */
  public boolean confirmPassword(UUID staffId, String password, String clientAddress) {
    Optional<Account> account = findById(staffId);
    String accountKey = LoginThrottle.accountKey(staffId);
    return attempt(
            "REAUTHENTICATION",
            account,
            accountKey,
            throttle.standing(keys(accountKey, clientAddress)),
            password,
            new Origin(clientAddress, null),
            (confirmed, writes) -> {
              write(writes, "re-authentication not recorded");
              return Optional.of(confirmed);
            })
        .isPresent();
  }

  /**
   * Sets a new password under the policy: never the current one, never made of the person's own
   * words. Joins the caller's transaction when there is one, so that a flow step and its password
   * commit together.
   *
   * @throws PasswordRefused with every reason when the policy refuses it
   */
  public void setPassword(UUID staffId, String password) {
    Account account =
        findById(staffId).orElseThrow(() -> new IllegalArgumentException("no account"));
    policy.enforce(password, account.context());
    String hash =
        pool.run(
            work -> {
              if (account.hash() != null && hasher.verify(work, password, account.hash())) {
                return null;
              }
              return hasher.hash(work, password);
            });
    if (hash == null) {
      throw new PasswordRefused(List.of(PolicyViolation.of("password.reused")));
    }
    store(staffId, hash, null);
  }

  /**
   * Replaces a person's password (a reset, a change) under the same rules as {@link #setPassword},
   * and announces it: observers of {@link PasswordChanged} run in the caller's transaction.
   */
  public void changePassword(UUID staffId, String password) {
    setPassword(staffId, password);
    changed.fire(new PasswordChanged(staffId, clock.instant()));
  }

  /**
   * True when a password that just opened an account also meets the policy of administrators
   * (checked at each administration login: a person made administrator keeps working with the
   * webmail, but administers only once their password is long enough).
   */
  public boolean meetsAdministratorPolicy(UUID staffId, String password) {
    return findById(staffId)
        .map(
            account ->
                policy
                    .violations(
                        password,
                        new PasswordContext(
                            account.context().numen(),
                            account.context().birthDate(),
                            account.context().login(),
                            account.context().address(),
                            account.context().familyName(),
                            account.context().firstName(),
                            true))
                    .isEmpty())
        .orElse(false);
  }

  /**
   * Disables a person's password until they choose another through the forgotten-password flow (an
   * administrator's forced renewal): it opens nothing any more and cannot be chosen again. False
   * when the person has no password. Joins the caller's transaction.
   */
  public boolean requireRenewal(UUID staffId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE credential SET must_change = true WHERE staff_id = ?")) {
      update.setObject(1, staffId);
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("renewal not recorded", e);
    }
  }

  /** A deletion takes the password with it, in its transaction (SECURITY.md, Data). */
  void onStateChanged(@Observes AccountStateChanged change) {
    if ("DELETED".equals(change.to())) {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement delete =
              connection.prepareStatement("DELETE FROM credential WHERE staff_id = ?")) {
        delete.setObject(1, change.staffId());
        delete.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException("password not deleted", e);
      }
    }
  }

  /** Forgets an account's failed logins: its owner just proved who they are another way. */
  public void clearFailures(UUID staffId) {
    write(List.of(throttle.reset(LoginThrottle.accountKey(staffId))), "failures not cleared");
  }

  /** Failures counted against an account in the current window (for tests and the admin view). */
  public int failedAttempts(UUID staffId) {
    return throttle.failures(LoginThrottle.accountKey(staffId));
  }

  /** The throttle's keys of an attempt: its account's, and its client address's when known. */
  private static List<String> keys(String accountKey, String clientAddress) {
    return clientAddress == null
        ? List.of(accountKey)
        : List.of(accountKey, LoginThrottle.addressKey(clientAddress));
  }

  /**
   * One attempt, its counters read once ({@code standing}, for the keys of {@code accountKey} and
   * the origin's address): one hash, then one statement that writes the counters and the audit row
   * (and, on success, what {@code opening} opens), so one commit per attempt.
   */
  private <T> Optional<T> attempt(
      String event,
      Optional<Account> account,
      String accountKey,
      LoginThrottle.Standing standing,
      String password,
      Origin origin,
      BiFunction<Account, List<Alongside>, Optional<T>> opening) {
    String clientAddress = origin.clientAddress();
    List<String> keys = keys(accountKey, clientAddress);
    boolean delayed = standing.delayed();
    String candidate = password == null || password.length() > LONGEST_INPUT ? "" : password;
    Optional<Account> usable =
        account.filter(
            a ->
                a.active()
                    && a.hash() != null
                    && !a.mustChange()
                    && !delayed
                    && !candidate.isEmpty());
    boolean matches =
        pool.run(
            work ->
                hasher.verify(
                    work, candidate, usable.map(Account::hash).orElseGet(() -> dummyHash(work))));
    UUID target = account.map(Account::id).orElse(null);
    if (usable.isPresent() && matches) {
      upgrade(usable.get(), candidate);
      Alongside audited = origin.audit(audit, AuditEvent.success(event, target, clientAddress));
      // A clean login writes no counter: only a key that has one is cleared.
      List<Alongside> writes =
          standing.counted().contains(accountKey)
              ? List.of(audited, throttle.reset(accountKey))
              : List.of(audited);
      Optional<T> opened = onItsOwn(() -> opening.apply(usable.get(), writes));
      registry
          .counter("sesame.logins", "kind", event, "result", "success", "reason", "none")
          .increment();
      return opened;
    }
    String reason = failure(account, delayed);
    List<Alongside> writes =
        List.of(
            throttle.failure(keys),
            origin.audit(audit, AuditEvent.failure(event, reason, target, clientAddress)));
    onItsOwn(
        () -> {
          write(writes, "login failure not counted");
          return null;
        });
    registry
        .counter("sesame.logins", "kind", event, "result", "failure", "reason", reason)
        .increment();
    return Optional.empty();
  }

  /**
   * Runs an attempt's writes outside any transaction of its caller: an attempt commits on its own,
   * so that a refused password stays counted whatever the caller then rolls back.
   */
  private static <T> T onItsOwn(Supplier<T> writes) {
    return QuarkusTransaction.isActive()
        ? QuarkusTransaction.requiringNew().call(writes::get)
        : writes.get();
  }

  /** Runs writes in one statement. */
  private void write(List<Alongside> writes, String failure) {
    try {
      Alongside.run(dataSource, writes);
    } catch (SQLException e) {
      throw new IllegalStateException(failure, e);
    }
  }

  /** Why an attempt failed, for the audit only: the caller always gets the same answer. */
  private static String failure(Optional<Account> account, boolean delayed) {
    if (account.isEmpty()) {
      return "UNKNOWN_ACCOUNT";
    }
    if (!account.get().active()) {
      return "ACCOUNT_NOT_ACTIVE";
    }
    if (delayed) {
      return "THROTTLED";
    }
    if (account.get().mustChange()) {
      return "PASSWORD_RENEWAL_REQUIRED";
    }
    return account.get().hash() == null ? "NO_PASSWORD" : "WRONG_PASSWORD";
  }

  /** Rehashes with today's parameters and pepper; skipped (until next time) when busy. */
  private void upgrade(Account account, String password) {
    if (!hasher.needsRehash(account.hash())) {
      return;
    }
    try {
      String hash = pool.run(work -> hasher.hash(work, password));
      store(account.id(), hash, account.hash());
    } catch (HashingSaturated busy) {
      // The login succeeded; the upgrade waits for a quieter login.
    }
  }

  private String dummyHash(BlockPool work) {
    String dummy = dummyHash;
    if (dummy == null) {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      dummy = hasher.hash(work, java.util.HexFormat.of().formatHex(bytes));
      dummyHash = dummy;
    }
    return dummy;
  }

  /** Stores a hash; with {@code replacing}, only if the stored hash is still that one. */
  private void store(UUID staffId, String hash, String replacing) {
    String sql =
        replacing == null
            ? "INSERT INTO credential (staff_id, password_hash, changed_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (staff_id) DO UPDATE SET password_hash = excluded.password_hash,"
                + " changed_at = excluded.changed_at, must_change = false"
            : "UPDATE credential SET password_hash = ? WHERE staff_id = ? AND password_hash = ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      if (replacing == null) {
        statement.setObject(1, staffId);
        statement.setString(2, hash);
        statement.setTimestamp(3, Timestamp.from(clock.instant()));
      } else {
        statement.setString(1, hash);
        statement.setObject(2, staffId);
        statement.setString(3, replacing);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("password not stored", e);
    }
  }

  static String normaliseLogin(String login) {
    if (login == null) {
      return "";
    }
    String name =
        Normalizer.normalize(login.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    return name.length() > LONGEST_LOGIN ? "" : name;
  }

  /**
   * A login never holds an {@code @} (the schema checks it) and an address always does, so one
   * unique index answers. {@code login = ? OR address = ?} combined bitmaps of both indexes, at two
   * to three times the database's CPU per lookup.
   */
  private Found findByLogin(String name, String clientAddress) {
    LoginThrottle.CountersJoin counters = throttle.countersOfLogin("a.id", name, clientAddress);
    String sql =
        "SELECT a.*, t.key, t.failures, t.last_failure_at FROM (SELECT 1) AS one LEFT JOIN ("
            + ACCOUNT
            + (name.indexOf('@') < 0 ? " WHERE s.login = ?" : " WHERE s.address = ?")
            + ") AS a ON true"
            + counters.join();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, name);
      for (int i = 0; i < counters.parameters().size(); i++) {
        select.setString(i + 2, counters.parameters().get(i));
      }
      Optional<Account> account = Optional.empty();
      List<LoginThrottle.Counter> read = new ArrayList<>(2);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (account.isEmpty() && rows.getObject(1) != null) {
            account = Optional.of(account(rows));
          }
          LoginThrottle.counterOf(rows).ifPresent(read::add);
        }
      }
      return new Found(account, throttle.standingOf(read));
    } catch (SQLException e) {
      throw new IllegalStateException("account not readable", e);
    }
  }

  /**
   * The account a login names, if any, and what its counters say: both read in one statement, which
   * finds the account and joins the counters of its keys ({@link LoginThrottle#countersOfLogin}),
   * one round trip fewer before the hash than two reads.
   */
  private record Found(Optional<Account> account, LoginThrottle.Standing standing) {}

  private Optional<Account> findById(UUID staffId) {
    return find(ACCOUNT + " WHERE s.id = ?", staffId);
  }

  private static final String ACCOUNT =
      "SELECT s.id, s.state, c.password_hash, s.numen, s.birth_date, s.login, s.address,"
          + " s.family_name, s.first_name, coalesce(c.must_change, false),"
          + " EXISTS (SELECT 1 FROM admin_role r WHERE r.staff_id = s.id) FROM staff s"
          + " LEFT JOIN credential c ON c.staff_id = s.id";

  private Optional<Account> find(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(account(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("account not readable", e);
    }
  }

  /** The account in the first columns of a row, as {@link #ACCOUNT} selects them. */
  private static Account account(ResultSet row) throws SQLException {
    Date birth = row.getDate(5);
    return new Account(
        row.getObject(1, UUID.class),
        "ACTIVE".equals(row.getString(2)),
        row.getString(3),
        new PasswordContext(
            row.getString(4),
            birth == null ? null : birth.toLocalDate(),
            row.getString(6),
            row.getString(7),
            row.getString(8),
            row.getString(9),
            row.getBoolean(11)),
        row.getBoolean(10));
  }

  /**
   * Where an attempt comes from. A null user agent means the request being served, if any: a login
   * handed to a login thread has none, so its caller passes the header it read.
   */
  private record Origin(String clientAddress, String userAgent) {
    Alongside audit(AuditService audit, AuditEvent event) {
      return userAgent == null ? audit.alongside(event) : audit.alongside(event, userAgent);
    }
  }

  private record Account(
      UUID id, boolean active, String hash, PasswordContext context, boolean mustChange) {}
}
