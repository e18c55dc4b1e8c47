package fr.sesame.tokens;

import fr.sesame.platform.BackgroundJob;
import fr.sesame.platform.SafeErrors;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * The keys that sign access tokens: generated on first start and stored with their private part
 * encrypted, or read from PEM files. Rotation publishes the next key {@code publish-ahead} before
 * it signs and keeps the old one until its tokens expired; an emergency rotation withdraws every
 * key at once (their tokens fail introspection immediately and local verification as soon as
 * verifiers re-read the JWKS). Every replica re-reads the set every few seconds; changes are made
 * under a PostgreSQL advisory lock so that two replicas never rotate together.
 */
@ApplicationScoped
public class SigningKeys {

  private static final Logger LOG = Logger.getLogger(SigningKeys.class);
  private static final long LOCK = 0x5345_5341_4d45_4b59L; // "SESAMEKY"
  private static final Duration SKEW = Duration.ofMinutes(1);
  private static final String DEV_KEY_PROPERTY = "sesame-dev.key-encryption-key";

  private final DataSource dataSource;
  private final TokensConfig config;
  private final ClientRegistry clients;
  private final Clock clock;
  private final SecureRandom random;
  private final Optional<KeyCipher> cipher;
  private final boolean serving;
  private volatile KeySet keys;
  private volatile Instant loadedAt = Instant.MIN;

  private final fr.sesame.audit.AuditService audit;

  SigningKeys(
      DataSource dataSource,
      TokensConfig config,
      ClientRegistry clients,
      Clock clock,
      SecureRandom random,
      fr.sesame.audit.AuditService audit,
      @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true") boolean serving) {
    this.audit = audit;
    this.dataSource = dataSource;
    this.config = config;
    this.clients = clients;
    this.clock = clock;
    this.random = random;
    this.serving = serving;
    if (config.accessTokenLifetime().compareTo(Duration.ofMinutes(5)) > 0
        || config.accessTokenLifetime().isNegative()
        || config.accessTokenLifetime().isZero()) {
      throw new IllegalArgumentException("sesame.tokens.access-token-lifetime: at most PT5M");
    }
    if (config.keys().publishAhead().compareTo(config.keys().jwksMaxAge()) <= 0) {
      throw new IllegalArgumentException(
          "sesame.tokens.keys.publish-ahead must exceed sesame.tokens.keys.jwks-max-age");
    }
    this.cipher =
        config
            .keys()
            .encryptionKey()
            .filter(k -> !k.isBlank())
            .or(this::devKey)
            .map(key -> KeyCipher.fromBase64(key, random));
  }

  /** Dev and test runs make up their key-encryption key, once per JVM like their database. */
  private Optional<String> devKey() {
    if (LaunchMode.current() == LaunchMode.NORMAL) {
      return Optional.empty();
    }
    synchronized (SigningKeys.class) {
      String key = System.getProperty(DEV_KEY_PROPERTY);
      if (key == null) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        key = Base64.getEncoder().encodeToString(bytes);
        System.setProperty(DEV_KEY_PROPERTY, key);
      }
      return Optional.of(key);
    }
  }

  void onStart(@Observes StartupEvent event) {
    if (!serving) {
      return;
    }
    if (fromFiles()) {
      keys = new KeySet(readFiles(), validity());
      loadedAt = Instant.MAX;
      return;
    }
    if (cipher.isEmpty()) {
      throw new IllegalStateException(
          "No signing keys: set SESAME_TOKENS_KEYS_ENCRYPTION_KEY (openssl rand -base64 32) or"
              + " SESAME_TOKENS_KEYS_FILES");
    }
    maintain();
  }

  /** The key that signs tokens of this algorithm now. */
  SigningKey signer(String algorithm) {
    Instant now = clock.instant();
    return current()
        .signer(algorithm, now, SKEW)
        .orElseGet(
            () -> {
              maintain();
              return current()
                  .signer(algorithm, now, SKEW)
                  .orElseThrow(() -> new IllegalStateException("no " + algorithm + " key"));
            });
  }

  /** A key a token may be verified with: published, of the token's algorithm. */
  Optional<SigningKey> verifier(String kid, String algorithm) {
    return current()
        .verifier(kid, clock.instant())
        .filter(key -> key.algorithm().equals(algorithm));
  }

  /** The JWKS document (RFC 7517): public parts only. */
  String jwks() {
    StringBuilder json = new StringBuilder("{\"keys\":[");
    List<SigningKey> published = current().published(clock.instant());
    for (int i = 0; i < published.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append(published.get(i).jwk().toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }
    return json.append("]}").toString();
  }

  Duration jwksMaxAge() {
    return config.keys().jwksMaxAge();
  }

  boolean fromFiles() {
    return config.keys().files().filter(files -> !files.isEmpty()).isPresent();
  }

  /** Scheduled rotation: creates keys that are missing or due, at most one replica at a time. */
  @BackgroundJob
  @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledRotation() {
    if (!serving || fromFiles()) {
      return;
    }
    try {
      maintain();
    } catch (RuntimeException e) {
      SafeErrors.log(LOG, "Signing keys not maintained", e);
    }
  }

  /** Creates missing keys and the next key when the current one is due for rotation. */
  void maintain() {
    change(
        (connection, set, now) -> {
          for (String algorithm : clients.algorithmsInUse()) {
            Optional<SigningKey> newest = set.newest(algorithm);
            if (newest.isEmpty()) {
              insert(connection, algorithm, now, now);
            } else {
              Instant due = newest.get().signsFrom().plus(config.keys().rotationPeriod());
              if (!due.minus(config.keys().publishAhead()).isAfter(now)) {
                Instant signsFrom =
                    due.isBefore(now.plus(config.keys().publishAhead()))
                        ? now.plus(config.keys().publishAhead())
                        : due;
                insert(connection, algorithm, now, signsFrom);
              }
            }
          }
        });
  }

  /** On-demand rotation: the next key of every algorithm, published now, signing later. */
  public void rotate() {
    requireDatabaseKeys();
    change(
        (connection, set, now) -> {
          for (String algorithm : clients.algorithmsInUse()) {
            Optional<SigningKey> newest = set.newest(algorithm);
            if (newest.isPresent() && newest.get().signsFrom().isAfter(now)) {
              continue; // the next key is already published
            }
            insert(connection, algorithm, now, now.plus(config.keys().publishAhead()));
          }
        });
  }

  /**
   * Emergency rotation, for a leaked key: every key is withdrawn now and new ones sign at once.
   * Tokens signed before fail introspection immediately.
   */
  public void emergencyRotate() {
    requireDatabaseKeys();
    change(
        (connection, set, now) -> {
          try (PreparedStatement revoke =
              connection.prepareStatement(
                  "UPDATE signing_key SET revoked_at = ? WHERE revoked_at IS NULL")) {
            revoke.setTimestamp(1, Timestamp.from(now));
            audit.record(
                new fr.sesame.audit.AuditEvent(
                    "SIGNING_KEYS_WITHDRAWN",
                    true,
                    Integer.toString(revoke.executeUpdate()),
                    null,
                    null,
                    null),
                null);
          }
          for (String algorithm : clients.algorithmsInUse()) {
            insert(connection, algorithm, now, now);
          }
        });
  }

  private void requireDatabaseKeys() {
    if (fromFiles()) {
      throw new KeysFromFiles();
    }
  }

  private KeySet current() {
    KeySet set = keys;
    if (set == null || loadedAt.plus(config.keys().refreshEvery()).isBefore(clock.instant())) {
      synchronized (this) {
        if (keys == null || loadedAt.plus(config.keys().refreshEvery()).isBefore(clock.instant())) {
          reload();
        }
        set = keys;
      }
    }
    return set;
  }

  /** Drops the cached key set, so that the next use reads the database (tests, rotations). */
  void forget() {
    synchronized (this) {
      if (!fromFiles()) {
        loadedAt = Instant.MIN;
      }
    }
  }

  private void reload() {
    try (Connection connection = dataSource.getConnection()) {
      keys = new KeySet(read(connection), validity());
      loadedAt = clock.instant();
    } catch (SQLException e) {
      throw new IllegalStateException("signing keys not readable", e);
    }
  }

  private Duration validity() {
    return config.accessTokenLifetime().plus(SKEW);
  }

  @FunctionalInterface
  private interface Change {
    void apply(Connection connection, KeySet set, Instant now) throws SQLException;
  }

  private void change(Change change) {
    if (cipher.isEmpty()) {
      throw new IllegalStateException("no key-encryption key");
    }
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              try (Connection connection = dataSource.getConnection()) {
                try (PreparedStatement lock =
                    connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                  lock.setLong(1, LOCK);
                  lock.execute();
                }
                Instant now = clock.instant();
                change.apply(connection, new KeySet(read(connection), validity()), now);
              } catch (SQLException e) {
                throw new IllegalStateException("signing keys not changed", e);
              }
            });
    synchronized (this) {
      reload();
    }
  }

  private void insert(Connection connection, String algorithm, Instant now, Instant signsFrom)
      throws SQLException {
    PublicJsonWebKey jwk = generate(algorithm);
    byte[] sealed = cipher.orElseThrow().encrypt(jwk.getKeyId(), jwk.getPrivateKey().getEncoded());
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO signing_key (kid, algorithm, public_jwk, private_key, created_at,"
                + " signs_from) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, jwk.getKeyId());
      insert.setString(2, algorithm);
      insert.setString(3, jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
      insert.setBytes(4, sealed);
      insert.setTimestamp(5, Timestamp.from(now));
      insert.setTimestamp(6, Timestamp.from(signsFrom));
      insert.executeUpdate();
    }
    LOG.infof("Signing key %s (%s) created, signs from %s", jwk.getKeyId(), algorithm, signsFrom);
    // In the rotation's transaction: the trail says a key was made exactly when one was.
    audit.record(
        new fr.sesame.audit.AuditEvent("SIGNING_KEY_CREATED", true, algorithm, null, null, null),
        null);
  }

  /** The live keys; withdrawn ones are never used again, so never read nor decrypted. */
  private List<SigningKey> read(Connection connection) throws SQLException {
    List<SigningKey> found = new ArrayList<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT kid, algorithm, public_jwk, private_key, signs_from"
                    + " FROM signing_key WHERE revoked_at IS NULL");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String kid = rows.getString(1);
        found.add(
            new SigningKey(
                kid,
                rows.getString(2),
                withPrivate(rows.getString(3), kid, rows.getBytes(4)),
                rows.getTimestamp(5).toInstant(),
                null));
      }
    }
    return found;
  }

  private PublicJsonWebKey withPrivate(String json, String kid, byte[] sealed) {
    try {
      PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(json);
      jwk.setPrivateKey(
          privateKey(
              jwk.getKeyType(),
              cipher
                  .orElseThrow(() -> new IllegalStateException("no key-encryption key"))
                  .decrypt(kid, sealed)));
      return jwk;
    } catch (JoseException | GeneralSecurityException e) {
      throw new IllegalStateException("signing key " + kid + " unreadable", null);
    }
  }

  /**
   * The private key that signs. EC keys are Bouncy Castle's own: given a JDK key, its provider
   * converts the curve anew at every signature and so rebuilds the generator's multiplication table
   * each time (a third of the signatures per second).
   */
  private static PrivateKey privateKey(String keyType, byte[] pkcs8)
      throws GeneralSecurityException {
    return "EC".equals(keyType)
        ? KeyFactory.getInstance("EC", BouncyCastle.PROVIDER)
            .generatePrivate(new PKCS8EncodedKeySpec(pkcs8))
        : KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
  }

  private static PublicJsonWebKey generate(String algorithm) {
    try {
      PublicJsonWebKey jwk =
          "RS256".equals(algorithm)
              ? RsaJwkGenerator.generateJwk(2048)
              : EcJwkGenerator.generateJwk(EllipticCurves.P256);
      return describe(jwk, algorithm);
    } catch (JoseException e) {
      throw new IllegalStateException("key not generated", e);
    }
  }

  private static PublicJsonWebKey describe(PublicJsonWebKey jwk, String algorithm)
      throws JoseException {
    jwk.setAlgorithm(algorithm);
    jwk.setUse("sig");
    jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
    return jwk;
  }

  /** Keys from PEM files: the first of each algorithm signs, all are published. */
  private List<SigningKey> readFiles() {
    List<SigningKey> found = new ArrayList<>();
    List<Path> files = config.keys().files().orElseThrow();
    Instant signsFrom = Instant.EPOCH;
    for (int i = files.size() - 1; i >= 0; i--) {
      Path file = files.get(i);
      try {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        byte[] der =
            Base64.getMimeDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        PrivateKey key;
        try {
          key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException notEc) {
          key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
        PublicJsonWebKey jwk = publicOf(key);
        jwk.setPrivateKey(privateKey(jwk.getKeyType(), der));
        String algorithm = key instanceof ECPrivateKey ? "ES256" : "RS256";
        describe(jwk, algorithm);
        // Later files get earlier times, so the first file of each algorithm is the signer.
        found.add(new SigningKey(jwk.getKeyId(), algorithm, jwk, signsFrom, null));
        signsFrom = signsFrom.plusSeconds(1);
      } catch (IOException e) {
        throw new UncheckedIOException("signing key file not readable: " + file, e);
      } catch (GeneralSecurityException | JoseException | IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "not a PKCS#8 PEM EC P-256 or RSA private key: " + file, null);
      }
    }
    return found;
  }

  private static PublicJsonWebKey publicOf(PrivateKey key)
      throws GeneralSecurityException, JoseException {
    if (key instanceof RSAPrivateCrtKey rsa) {
      PublicJsonWebKey jwk =
          PublicJsonWebKey.Factory.newPublicJwk(
              KeyFactory.getInstance("RSA")
                  .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())));
      jwk.setPrivateKey(key);
      return jwk;
    }
    if (key instanceof ECPrivateKey ec) {
      X9ECParameters curve = NISTNamedCurves.getByName("P-256");
      org.bouncycastle.math.ec.ECPoint q =
          new FixedPointCombMultiplier().multiply(curve.getG(), ec.getS()).normalize();
      ECPoint point =
          new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
      PublicJsonWebKey jwk =
          PublicJsonWebKey.Factory.newPublicJwk(
              KeyFactory.getInstance("EC")
                  .generatePublic(new ECPublicKeySpec(point, ec.getParams())));
      jwk.setPrivateKey(key);
      return jwk;
    }
    throw new GeneralSecurityException("unsupported key");
  }
}
