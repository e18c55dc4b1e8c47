package fr.sesame.tokens;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;

/**
 * The applications allowed to use the token endpoints: webmail fronts (Roundcube, Convergence,
 * SOGo) and the mail servers behind them. Keyed by client id:
 *
 * <pre>
 * sesame.clients.roundcube.secret-sha256=&lt;hex SHA-256 of the secret&gt;
 * sesame.clients.roundcube.audiences=imap.ac-montpellier.fr,roundcube
 * sesame.clients.roundcube.grants=password,refresh_token
 * </pre>
 */
@ConfigMapping(prefix = "sesame.clients")
public interface ClientsConfig {

  /** Registered clients by id. */
  @WithParentName
  Map<String, Client> clients();

  /** One client. */
  interface Client {

    /**
     * Hex SHA-256 of the client secret ({@code printf %s "$SECRET" | sha256sum}). Secrets are
     * machine-generated, 32 random bytes or more ({@code openssl rand -base64 32}): at that entropy
     * a fast hash is as safe as a slow one, and introspection stays fast.
     */
    String secretSha256();

    /** The {@code aud} of its access tokens: the services that will accept them. */
    List<String> audiences();

    /** Grants it may use: {@code password}, {@code refresh_token}; none for a pure verifier. */
    @WithDefault("none")
    List<String> grants();

    /** May call the introspection endpoint (mail servers, webmail fronts). */
    @WithDefault("false")
    boolean introspection();

    /** ES256 (default) or RS256 for verifiers that know only RSA. */
    @WithDefault("ES256")
    String tokenAlgorithm();

    /**
     * The {@code typ} header of its access tokens: {@code at+jwt} (RFC 9068, default) or {@code
     * JWT} for verifiers that refuse any other.
     */
    @WithDefault("at+jwt")
    String tokenType();

    /**
     * The administration console or tooling: its tokens carry the person's administrator role, and
     * only its tokens open the administration API (a webmail token never does).
     */
    @WithDefault("false")
    boolean administration();
  }
}
