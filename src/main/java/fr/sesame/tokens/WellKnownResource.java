package fr.sesame.tokens;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Discovery (RFC 8414, OpenID Connect Discovery) and the public keys (RFC 7517). */
@Path("/.well-known")
@Produces(MediaType.APPLICATION_JSON)
public class WellKnownResource {

  private final SigningKeys keys;
  private final TokensConfig config;

  WellKnownResource(SigningKeys keys, TokensConfig config) {
    this.keys = keys;
    this.config = config;
  }

  @GET
  @Path("jwks.json")
  public Response jwks() {
    return Response.ok(keys.jwks())
        .header("Cache-Control", "public, max-age=" + keys.jwksMaxAge().toSeconds())
        .build();
  }

  @GET
  @Path("openid-configuration")
  public Map<String, Object> openidConfiguration() {
    return metadata();
  }

  @GET
  @Path("oauth-authorization-server")
  public Map<String, Object> authorizationServer() {
    return metadata();
  }

  private Map<String, Object> metadata() {
    String base = config.issuer().replaceAll("/+$", "");
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("issuer", config.issuer());
    metadata.put("token_endpoint", base + "/oauth2/token");
    metadata.put("revocation_endpoint", base + "/oauth2/revoke");
    metadata.put("introspection_endpoint", base + "/oauth2/introspect");
    metadata.put("jwks_uri", base + "/.well-known/jwks.json");
    metadata.put("grant_types_supported", List.of("password", "refresh_token"));
    metadata.put("response_types_supported", List.of());
    metadata.put("subject_types_supported", List.of("public"));
    List<String> auth = List.of("client_secret_basic", "client_secret_post");
    metadata.put("token_endpoint_auth_methods_supported", auth);
    metadata.put("revocation_endpoint_auth_methods_supported", auth);
    metadata.put("introspection_endpoint_auth_methods_supported", auth);
    metadata.put(
        "claims_supported",
        List.of(
            "iss",
            "sub",
            "aud",
            "exp",
            "iat",
            "jti",
            "client_id",
            "sid",
            "preferred_username",
            "email",
            "name",
            "given_name",
            "family_name",
            "departement",
            "roles",
            "mail_quota_mb"));
    return metadata;
  }
}
