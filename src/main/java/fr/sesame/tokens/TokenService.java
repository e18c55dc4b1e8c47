package fr.sesame.tokens;

import fr.sesame.credentials.CredentialService;
import fr.sesame.credentials.HashingSaturated;
import fr.sesame.directory.AccountStateChanged;
import fr.sesame.platform.BackgroundJob;
import fr.sesame.platform.Uuids;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Logins and tokens for webmail fronts and mail servers: the password and refresh grants, RFC 7009
 * revocation, RFC 7662 introspection, a person's own sessions, and the password change a webmail
 * front makes on a person's behalf.
 *
 * <p>Refresh tokens are opaque (256 random bits), kept as SHA-256 digests and rotated at each use.
 * A token that was rotated away and comes back is a replay: someone holds a copy, so the whole
 * family (the session) is revoked, whoever presented it. The account state is read on every path
 * that yields a token.
 */
@ApplicationScoped
public class TokenService {

  private static final Logger LOG = Logger.getLogger(TokenService.class);
  private static final Base64.Encoder TOKEN = Base64.getUrlEncoder().withoutPadding();

  private final CredentialService credentials;
  private final AccessTokens accessTokens;
  private final SessionRepository sessions;
  private final SigningKeys keys;
  private final TokensConfig config;
  private final Clock clock;
  private final SecureRandom random;
  private final ClientRegistry clients;

  private final fr.sesame.platform.OneReplica oneReplica;

  TokenService(
      fr.sesame.platform.OneReplica oneReplica,
      ClientRegistry clients,
      CredentialService credentials,
      AccessTokens accessTokens,
      SessionRepository sessions,
      SigningKeys keys,
      TokensConfig config,
      Clock clock,
      SecureRandom random) {
    this.oneReplica = oneReplica;
    this.clients = clients;
    this.credentials = credentials;
    this.accessTokens = accessTokens;
    this.sessions = sessions;
    this.keys = keys;
    this.config = config;
    this.clock = clock;
    this.random = random;
  }

  /** The client of the sessions opened on Sésame's own pages (the account page). */
  public static final String PAGES = "sesame-pages";

  /** A session opened on the account page: the cookie's token and who it is. */
  public record PageSession(String token, Caller caller) {}

  /**
   * Logs a person in on the account page: the same password check as the token endpoint (counted,
   * delayed, one answer for every failure), and a session of its own that every password change or
   * block ends like the others.
   *
   * @throws HashingSaturated when every hashing slot stayed busy
   */
  public Optional<PageSession> openPageSession(
      String login, String password, RequestOrigin origin) {
    if (login == null || password == null) {
      return Optional.empty();
    }
    UUID sessionId = Uuids.v7(clock, random);
    String token = newRefreshToken();
    return credentials.authenticate(
        login,
        password,
        origin.clientAddress(),
        origin.userAgent(),
        (staffId, writes) -> {
          Instant now = clock.instant();
          return sessions
              .open(
                  new SessionRepository.NewSession(
                      sessionId,
                      staffId,
                      PAGES,
                      ClientRegistry.sha256(token),
                      now,
                      now.plus(config.pageSessionLifetime()),
                      origin),
                  false,
                  writes)
              .map(opening -> new PageSession(token, new Caller(staffId, sessionId, PAGES)));
        });
  }

  /** The person behind an account-page session, while it lives and their account is active. */
  public Optional<Caller> pageCaller(String token) {
    if (token == null || token.length() > 512) {
      return Optional.empty();
    }
    return sessions
        .findByToken(ClientRegistry.sha256(token), clock.instant())
        .filter(found -> found.current() && found.usable() && PAGES.equals(found.clientId()))
        .map(found -> new Caller(found.staffId(), found.id(), PAGES));
  }

  /** Logs out of the account page. */
  public void endPageSession(Caller caller) {
    sessions.revokeOwn(caller.staffId(), caller.sessionId(), "LOGOUT", clock.instant());
  }

  /** The password grant: a new session for a first-party client. */
  TokenResponse passwordGrant(
      Client client, String username, String password, RequestOrigin origin) {
    if (!client.allows(Client.PASSWORD)) {
      throw OAuthError.unauthorizedClient();
    }
    if (username == null || password == null) {
      throw OAuthError.invalidRequest("username and password are required.");
    }
    UUID sessionId = Uuids.v7(clock, random);
    String refreshToken = newRefreshToken();
    Function<UUID, SessionRepository.NewSession> sessionOf =
        staffId -> {
          Instant now = clock.instant();
          return new SessionRepository.NewSession(
              sessionId,
              staffId,
              client.id(),
              ClientRegistry.sha256(refreshToken),
              now,
              now.plus(config.refreshTokenLifetime()),
              origin);
        };
    Optional<SessionRepository.Opening> found;
    try {
      // The session opens in the transaction that records the login: one commit for both.
      found =
          credentials.authenticate(
              username,
              password,
              origin.clientAddress(),
              origin.userAgent(),
              (staffId, writes) ->
                  sessions.open(sessionOf.apply(staffId), client.administration(), writes));
    } catch (HashingSaturated busy) {
      throw OAuthError.temporarilyUnavailable(busy.retryAfterSeconds());
    }
    SessionRepository.Opening opening = found.orElseThrow(OAuthError::invalidGrant);
    AccountClaims account = opening.claims();
    if (!opening.opened()) {
      // An administrator on an administration client: their password must also meet the
      // administrators' policy before the session opens.
      if (!credentials.meetsAdministratorPolicy(account.id(), password)) {
        throw OAuthError.administratorPasswordTooWeak();
      }
      sessions.create(sessionOf.apply(account.id()));
    }
    return respond(client, account, sessionId, refreshToken);
  }

  /** The refresh grant: rotates the refresh token, or revokes the family on replay. */
  TokenResponse refreshGrant(Client client, String refreshToken, RequestOrigin origin) {
    if (!client.allows(Client.REFRESH_TOKEN)) {
      throw OAuthError.unauthorizedClient();
    }
    if (refreshToken == null || refreshToken.length() > 512) {
      throw OAuthError.invalidRequest("refresh_token is required.");
    }
    byte[] presented = ClientRegistry.sha256(refreshToken);
    String next = newRefreshToken();
    Instant now = clock.instant();
    Optional<SessionRepository.Rotation> rotation =
        sessions.rotate(presented, ClientRegistry.sha256(next), client.id(), now, origin);
    if (rotation.isPresent()) {
      return respond(client, rotation.get().claims(), rotation.get().sessionId(), next);
    }
    sessions
        .findByToken(presented, now)
        .filter(found -> !found.current())
        .ifPresent(
            replayed -> {
              if (sessions.revoke(replayed.id(), "REPLAY", now)) {
                LOG.warnf(
                    "Refresh token replayed: session %s of client %s revoked",
                    replayed.id(), replayed.clientId());
              }
            });
    throw OAuthError.invalidGrant();
  }

  /**
   * RFC 7009: revokes a refresh token (its whole session) or an access token (by jti). Unknown and
   * invalid tokens, and tokens of another client, are answered the same 200, so that revocation
   * tells nothing about tokens.
   */
  void revoke(Client client, String token, String hint) {
    if (token == null) {
      throw OAuthError.invalidRequest("token is required.");
    }
    Instant now = clock.instant();
    boolean accessFirst = "access_token".equals(hint);
    if (accessFirst && revokeAccessToken(client, token)) {
      return;
    }
    if (token.length() <= 512) {
      Optional<SessionRepository.Found> found =
          sessions.findByToken(ClientRegistry.sha256(token), now);
      if (found.isPresent()) {
        if (found.get().clientId().equals(client.id())) {
          sessions.revoke(found.get().id(), "LOGOUT", now);
        }
        return;
      }
    }
    if (!accessFirst) {
      revokeAccessToken(client, token);
    }
  }

  private boolean revokeAccessToken(Client client, String token) {
    Optional<VerifiedToken> verified = accessTokens.verify(token);
    verified
        .filter(access -> client.id().equals(access.clientId()))
        .ifPresent(access -> sessions.revokeAccessToken(access.jti(), access.expiresAt()));
    return verified.isPresent();
  }

  /**
   * RFC 7662: the token's claims when it is active, and only {@code {"active": false}} otherwise
   * (expired, revoked, blocked account, withdrawn key, not ours).
   */
  Map<String, Object> introspect(Client client, String token) {
    if (!client.introspection()) {
      throw OAuthError.unauthorizedClient();
    }
    if (token == null) {
      throw OAuthError.invalidRequest("token is required.");
    }
    Optional<VerifiedToken> access = accessTokens.verify(token);
    if (access.isPresent()) {
      if (!sessions.isLive(access.get(), !keys.fromFiles())) {
        return inactive();
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("active", true);
      answer.put("token_type", "Bearer");
      answer.put("username", access.get().claims().get("preferred_username"));
      answer.putAll(access.get().claims());
      return answer;
    }
    if (token.length() > 512) {
      return inactive();
    }
    Instant now = clock.instant();
    return sessions
        .findByToken(ClientRegistry.sha256(token), now)
        .filter(found -> found.current() && found.usable())
        .<Map<String, Object>>map(
            found -> {
              Map<String, Object> answer = new LinkedHashMap<>();
              answer.put("active", true);
              answer.put("token_type", "refresh_token");
              answer.put("client_id", found.clientId());
              answer.put("username", found.login());
              answer.put("sub", found.staffId().toString());
              answer.put("iss", config.issuer());
              answer.put("sid", found.id().toString());
              answer.put("iat", found.createdAt().getEpochSecond());
              answer.put("exp", found.expiresAt().getEpochSecond());
              return answer;
            })
        .orElseGet(TokenService::inactive);
  }

  /** The person behind a bearer access token that is still live, if any. */
  public Optional<Caller> caller(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return accessTokens
        .verify(authorization.substring(7).strip())
        .filter(token -> sessions.isLive(token, !keys.fromFiles()))
        .map(token -> new Caller(token.subject(), token.sessionId(), token.clientId()));
  }

  /**
   * The person behind a live bearer token issued to an administration client; empty for any other
   * token (a webmail's token never opens the administration API).
   */
  public Optional<Caller> administrationCaller(String authorization) {
    return caller(authorization)
        .filter(
            caller -> clients.find(caller.clientId()).map(Client::administration).orElse(false));
  }

  /**
   * Rotates the signing keys on an administrator's request: planned (the next key is published now
   * and signs after the publish-ahead delay) or emergency (every key withdrawn at once). Returns
   * the JWKS published afterwards.
   */
  public String rotateKeys(boolean emergency) {
    if (emergency) {
      keys.emergencyRotate();
    } else {
      keys.rotate();
    }
    return keys.jwks();
  }

  /** The person behind a live bearer token; 401 (RFC 6750) otherwise. */
  public Caller requireCaller(String authorization) {
    return caller(authorization).orElseThrow(InvalidToken::new);
  }

  /** A person's live sessions, the caller's own marked. */
  public List<SessionView> sessions(Caller caller) {
    return sessions.live(caller.staffId(), caller.sessionId(), clock.instant());
  }

  /** A person's live sessions, as an administrator sees them. */
  public List<SessionView> sessionsOf(UUID staffId) {
    return sessions.live(staffId, null, clock.instant());
  }

  /** Ends one of the caller's sessions; false when there is no such live session of theirs. */
  public boolean endSession(Caller caller, UUID sessionId) {
    return sessions.revokeOwn(caller.staffId(), sessionId, "ENDED_BY_USER", clock.instant());
  }

  /**
   * A password change made by a webmail front on the caller's behalf: the current password (a
   * throttled re-authentication), then the new one under the policy, and every other session of the
   * person revoked in the same transaction (as is the notice on every channel).
   */
  public void changePassword(Caller caller, String current, String next, String clientAddress) {
    if (!credentials.confirmPassword(caller.staffId(), current, clientAddress)) {
      throw new CurrentPasswordRefused();
    }
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              credentials.changePassword(caller.staffId(), next);
              sessions.revokeAll(
                  caller.staffId(), caller.sessionId(), "PASSWORD_CHANGED", clock.instant());
            });
  }

  /**
   * Ends every session of a person (a password reset, a block): their refresh tokens stop working
   * and introspection refuses their access tokens at once. Joins the caller's transaction.
   */
  public int revokeAllSessions(UUID staffId, String reason) {
    return sessions.revokeAll(staffId, null, reason, clock.instant());
  }

  /**
   * A block or a deletion ends every session in the transaction that makes it: refresh tokens stop
   * at once, and introspection refuses the access tokens (it reads the account state anyway).
   */
  void onStateChanged(@Observes AccountStateChanged change) {
    if (change.locksOut()) {
      sessions.revokeAll(
          change.staffId(),
          null,
          "DELETED".equals(change.to()) ? "ACCOUNT_DELETED" : "ACCOUNT_BLOCKED",
          clock.instant());
    }
  }

  /** Forgets expired sessions and revoked access tokens a day after they stopped mattering. */
  @BackgroundJob
  @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void purgeExpired() {
    oneReplica.run(
        "sessions-purge",
        () -> {
          sessions.purge(clock.instant().minus(Duration.ofDays(1)));
        });
  }

  private TokenResponse respond(
      Client client, AccountClaims account, UUID sessionId, String refreshToken) {
    AccessTokens.Issued access = accessTokens.issue(client, account, sessionId);
    return new TokenResponse(
        access.token(), "Bearer", config.accessTokenLifetime().toSeconds(), refreshToken);
  }

  private String newRefreshToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return TOKEN.encodeToString(bytes);
  }

  private static Map<String, Object> inactive() {
    return Map.of("active", false);
  }
}
