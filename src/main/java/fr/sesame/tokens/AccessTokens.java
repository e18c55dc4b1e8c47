package fr.sesame.tokens;

import fr.sesame.platform.Uuids;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Key;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Access tokens: JWTs signed ES256 (RS256 for clients that ask), with an explicit type, a key id,
 * and the claims of RFC 9068 and OpenID Connect that webmail fronts and mail servers read.
 *
 * <p>Verification follows RFC 8725: the verifier picks the key, never the token. The algorithm must
 * be ES256 or RS256 and match the key found by {@code kid} among our published keys; a token that
 * names a key by {@code jku}, {@code jwk}, {@code x5u} or {@code x5c} is refused outright, as are
 * {@code alg: none}, HMAC (the RS/HS confusion), unknown key ids and any other {@code typ}.
 */
@ApplicationScoped
class AccessTokens {

  static final Set<String> TYPES = Set.of("at+jwt", "JWT");
  private static final Set<String> KEY_HEADERS =
      Set.of("jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256");
  private static final int SKEW_SECONDS = 30;
  // About 2 KB an entry (the token and its claims): at most ~20 MB of a 256 MB heap.
  private static final int VERIFIED_CACHE = 10_000;

  /**
   * Bouncy Castle's ECDSA signs twice and verifies five times as fast as the JDK 17 provider on
   * P-256 (bench/tokens measures both); it is added last, so it is used only where asked.
   */
  private static final ProviderContext BOUNCY_CASTLE;

  static {
    String name = BouncyCastle.PROVIDER.getName();
    BOUNCY_CASTLE = new ProviderContext();
    BOUNCY_CASTLE.getSuppliedKeyProviderContext().setSignatureProvider(name);
    BOUNCY_CASTLE.getGeneralProviderContext().setSignatureProvider(name);
  }

  private final Map<String, VerifiedToken> verified = new ConcurrentHashMap<>();

  private final SigningKeys keys;
  private final TokensConfig config;
  private final Clock clock;
  private final SecureRandom random;

  private final ClientRegistry clients;

  AccessTokens(
      SigningKeys keys,
      ClientRegistry clients,
      TokensConfig config,
      Clock clock,
      SecureRandom random) {
    this.keys = keys;
    this.clients = clients;
    this.config = config;
    this.clock = clock;
    this.random = random;
  }

  /** A new access token, and when it expires. */
  Issued issue(Client client, AccountClaims account, UUID sessionId) {
    SigningKey key = keys.signer(client.algorithm());
    Instant now = clock.instant();
    Instant expires = now.plus(config.accessTokenLifetime());
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(config.issuer());
    claims.setSubject(account.id().toString());
    claims.setAudience(client.audiences());
    claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
    claims.setExpirationTime(NumericDate.fromSeconds(expires.getEpochSecond()));
    claims.setJwtId(Uuids.v7(clock, random).toString());
    claims.setClaim("client_id", client.id());
    claims.setClaim("sid", sessionId.toString());
    claims.setClaim("preferred_username", account.login());
    claims.setClaim("email", account.address());
    claims.setClaim("name", account.firstName() + " " + account.familyName());
    claims.setClaim("given_name", account.firstName());
    claims.setClaim("family_name", account.familyName());
    claims.setClaim("departement", account.departement());
    if (client.administration() && account.adminRole() != null) {
      claims.setStringListClaim("roles", List.of("staff", account.adminRole()));
      if (account.adminDepartement() != null) {
        claims.setClaim("admin_departement", account.adminDepartement());
      }
    } else {
      claims.setStringListClaim("roles", List.of("staff"));
    }
    claims.setClaim("mail_quota_mb", account.mailQuotaMb());
    JsonWebSignature jws = new JsonWebSignature();
    jws.setProviderContext(BOUNCY_CASTLE);
    jws.setPayload(claims.toJson());
    jws.setAlgorithmHeaderValue(key.algorithm());
    jws.setKeyIdHeaderValue(key.kid());
    jws.setHeader("typ", client.tokenType());
    jws.setKey(key.privateKey());
    try {
      return new Issued(jws.getCompactSerialization(), expires);
    } catch (JoseException e) {
      throw new IllegalStateException("access token not signed", e);
    }
  }

  /** A freshly issued access token. */
  record Issued(String token, Instant expiresAt) {}

  /** The token's checked contents, or empty for anything we did not issue or that expired. */
  Optional<VerifiedToken> verify(String token) {
    if (token == null
        || token.length() > 8192
        || token.chars().filter(c -> c == '.').count() != 2) {
      return Optional.empty();
    }
    // A signature checked once stays checked: mail servers introspect the same token at every
    // IMAP login. Expiry and the key (it may have been withdrawn) are checked again here, the
    // account, session, jti and key by the caller in the database; only the costly signature
    // check and parsing are skipped.
    Instant now = clock.instant();
    VerifiedToken known = verified.get(token);
    if (known != null) {
      boolean current =
          known.expiresAt().plusSeconds(SKEW_SECONDS).isAfter(now)
              && keys.verifier(known.kid(), known.algorithm()).isPresent();
      return current ? Optional.of(known) : Optional.empty();
    }
    Optional<VerifiedToken> checked = check(token);
    checked.ifPresent(valid -> remember(token, valid, now));
    return checked;
  }

  private void remember(String token, VerifiedToken valid, Instant now) {
    if (verified.size() >= VERIFIED_CACHE) {
      verified.values().removeIf(old -> !old.expiresAt().plusSeconds(SKEW_SECONDS).isAfter(now));
      if (verified.size() >= VERIFIED_CACHE) {
        verified.clear();
      }
    }
    verified.put(token, valid);
  }

  private Optional<VerifiedToken> check(String token) {
    JwtConsumer consumer =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setRequireIssuedAt()
            .setRequireSubject()
            .setRequireJwtId()
            .setExpectedIssuer(config.issuer())
            .setSkipDefaultAudienceValidation()
            .setAllowedClockSkewInSeconds(SKEW_SECONDS)
            .setMaxFutureValidityInMinutes((int) config.accessTokenLifetime().toMinutes() + 1)
            .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
            .setJwsAlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT, "ES256", "RS256")
            .setJwsProviderContext(BOUNCY_CASTLE)
            .setVerificationKeyResolver(this::resolve)
            .build();
    try {
      JwtContext context = consumer.process(token);
      JwtClaims claims = context.getJwtClaims();
      // The audience must be the one its client's tokens carry: a token minted for another
      // client, or edited, is not accepted here.
      Optional<Client> client = clients.find(claims.getStringClaimValue("client_id"));
      if (client.isEmpty()
          || claims.getAudience().isEmpty()
          || !client.get().audiences().containsAll(claims.getAudience())) {
        return Optional.empty();
      }
      JsonWebStructure jws = context.getJoseObjects().get(0);
      return Optional.of(
          new VerifiedToken(
              jws.getKeyIdHeaderValue(),
              jws.getAlgorithmHeaderValue(),
              UUID.fromString(claims.getJwtId()),
              UUID.fromString(claims.getSubject()),
              UUID.fromString(claims.getStringClaimValue("sid")),
              claims.getStringClaimValue("client_id"),
              claims.getAudience(),
              Instant.ofEpochSecond(claims.getIssuedAt().getValue()),
              Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
              claims.getClaimsMap()));
    } catch (InvalidJwtException
        | MalformedClaimException
        | IllegalArgumentException
        | NullPointerException e) {
      return Optional.empty();
    }
  }

  private Key resolve(JsonWebSignature jws, List<JsonWebStructure> nesting)
      throws UnresolvableKeyException {
    if (!nesting.isEmpty()) {
      throw new UnresolvableKeyException("nested tokens are not ours");
    }
    for (String header : KEY_HEADERS) {
      if (jws.getHeaders().getObjectHeaderValue(header) != null) {
        throw new UnresolvableKeyException("the token may not choose its key");
      }
    }
    if (!TYPES.contains(jws.getHeader("typ"))) {
      throw new UnresolvableKeyException("not an access token");
    }
    String kid = jws.getKeyIdHeaderValue();
    if (kid == null) {
      throw new UnresolvableKeyException("no kid");
    }
    return keys.verifier(kid, jws.getAlgorithmHeaderValue())
        .map(SigningKey::publicKey)
        .orElseThrow(() -> new UnresolvableKeyException("unknown key"));
  }
}
