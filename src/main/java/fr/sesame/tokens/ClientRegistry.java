package fr.sesame.tokens;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The clients of configuration, and their authentication (RFC 6749 §2.3.1): HTTP Basic with
 * form-encoded id and secret, or both in the body, never both ways at once. The secret is compared
 * by digest in constant time; an unknown client costs the same comparison as a known one.
 */
@ApplicationScoped
class ClientRegistry {

  static final Set<String> ALGORITHMS = Set.of("ES256", "RS256");
  private static final Set<String> GRANTS = Set.of(Client.PASSWORD, Client.REFRESH_TOKEN);
  private static final byte[] NOBODY = new byte[32];

  private final Map<String, Client> clients;

  ClientRegistry(ClientsConfig config) {
    Map<String, Client> known = new LinkedHashMap<>();
    config
        .clients()
        .forEach(
            (id, client) -> {
              Set<String> grants = new HashSet<>(client.grants());
              grants.remove("none");
              if (!GRANTS.containsAll(grants)) {
                throw new IllegalArgumentException(
                    "sesame.clients." + id + ".grants: only password and refresh_token exist");
              }
              if (!ALGORITHMS.contains(client.tokenAlgorithm())) {
                throw new IllegalArgumentException(
                    "sesame.clients." + id + ".token-algorithm: ES256 or RS256");
              }
              if (!Set.of("at+jwt", "JWT").contains(client.tokenType())) {
                throw new IllegalArgumentException(
                    "sesame.clients." + id + ".token-type: at+jwt or JWT");
              }
              byte[] digest;
              try {
                digest = HexFormat.of().parseHex(client.secretSha256().strip().toLowerCase());
              } catch (IllegalArgumentException e) {
                digest = new byte[0];
              }
              if (digest.length != 32) {
                throw new IllegalArgumentException(
                    "sesame.clients." + id + ".secret-sha256: 64 hexadecimal digits");
              }
              known.put(
                  id,
                  new Client(
                      id,
                      digest,
                      java.util.List.copyOf(client.audiences()),
                      Set.copyOf(grants),
                      client.introspection(),
                      client.tokenAlgorithm(),
                      client.tokenType(),
                      client.administration()));
            });
    this.clients = Map.copyOf(known);
  }

  Set<String> algorithmsInUse() {
    Set<String> used = new HashSet<>(Set.of("ES256"));
    clients.values().forEach(client -> used.add(client.algorithm()));
    return used;
  }

  Optional<Client> find(String id) {
    return Optional.ofNullable(clients.get(id));
  }

  /**
   * The client that these credentials authenticate.
   *
   * <p>Empty {@code client_id} and {@code client_secret} form parameters carry no credentials and
   * count as absent: Dovecot's oauth2 passdb sends both, empty, beside its Basic credentials with
   * every introspection, and refusing that as a second method shut a real mail server out. A {@code
   * client_id} alone beside Basic credentials is no second method either (RFC 6749 §3.2.1 lets a
   * client name itself that way, and libraries do) when it names the same client; a secret in the
   * form beside Basic credentials is one.
   *
   * @throws OAuthError invalid_client (401) for missing, doubled, conflicting or wrong credentials
   */
  Client authenticate(String authorization, String formIdOrEmpty, String formSecretOrEmpty) {
    String formId = emptyAsAbsent(formIdOrEmpty);
    String formSecret = emptyAsAbsent(formSecretOrEmpty);
    String id;
    String secret;
    if (authorization != null && !authorization.isBlank()) {
      if (formSecret != null) {
        throw OAuthError.invalidClient();
      }
      String[] basic = basic(authorization);
      if (formId != null && !formId.equals(basic[0])) {
        throw OAuthError.invalidClient();
      }
      id = basic[0];
      secret = basic[1];
    } else {
      id = formId;
      secret = formSecret;
    }
    if (id == null || secret == null || id.isEmpty()) {
      throw OAuthError.invalidClient();
    }
    Client client = clients.get(id);
    byte[] presented = sha256(secret);
    boolean matches =
        MessageDigest.isEqual(client == null ? NOBODY : client.secretSha256(), presented);
    if (client == null || !matches) {
      throw OAuthError.invalidClient();
    }
    return client;
  }

  private static String emptyAsAbsent(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static String[] basic(String authorization) {
    if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw OAuthError.invalidClient();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).strip()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw OAuthError.invalidClient();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw OAuthError.invalidClient();
    }
    try {
      // RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding.
      return new String[] {
        URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
      };
    } catch (IllegalArgumentException e) {
      throw OAuthError.invalidClient();
    }
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
