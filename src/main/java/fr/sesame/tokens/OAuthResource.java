package fr.sesame.tokens;

import fr.sesame.platform.ClientAddress;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The OAuth 2.0 endpoints, shaped as RFC 6749, 7009 and 7662 say so that existing client libraries,
 * webmail plugins and mail servers work unchanged: form-encoded bodies, client authentication by
 * HTTP Basic or in the body, JSON answers with {@code error} codes, and {@code Cache-Control:
 * no-store} on everything that carries a token.
 */
@Path("/oauth2")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.APPLICATION_JSON)
public class OAuthResource {

  private final TokenService tokens;
  private final ClientRegistry clients;
  private final ClientAddress addresses;
  private final LoginExecutor logins;

  OAuthResource(
      TokenService tokens, ClientRegistry clients, ClientAddress addresses, LoginExecutor logins) {
    this.tokens = tokens;
    this.clients = clients;
    this.addresses = addresses;
    this.logins = logins;
  }

  /**
   * Runs on a worker thread; the password grant goes on to the login threads ({@link
   * LoginExecutor}), and the worker is free again as soon as it is queued.
   */
  @POST
  @Path("token")
  @Blocking
  public CompletionStage<Response> token(
      MultivaluedMap<String, String> form,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("User-Agent") String userAgent,
      @Context HttpServerRequest request) {
    Client client = authenticate(form, authorization);
    RequestOrigin origin = new RequestOrigin(addresses.of(request), userAgent);
    String grant = single(form, "grant_type");
    if (Client.PASSWORD.equals(grant)) {
      String username = single(form, "username");
      String password = single(form, "password");
      return logins
          .submit(() -> tokens.passwordGrant(client, username, password, origin))
          .thenApply(answer -> noStore(Response.ok(answer)));
    } else if (Client.REFRESH_TOKEN.equals(grant)) {
      TokenResponse answer = tokens.refreshGrant(client, single(form, "refresh_token"), origin);
      return CompletableFuture.completedFuture(noStore(Response.ok(answer)));
    } else if (grant == null || grant.isEmpty()) {
      throw OAuthError.invalidRequest("grant_type is required.");
    } else {
      throw OAuthError.unsupportedGrantType();
    }
  }

  @POST
  @Path("revoke")
  public Response revoke(
      MultivaluedMap<String, String> form, @HeaderParam("Authorization") String authorization) {
    Client client = authenticate(form, authorization);
    tokens.revoke(client, single(form, "token"), single(form, "token_type_hint"));
    return noStore(Response.ok());
  }

  @POST
  @Path("introspect")
  public Response introspect(
      MultivaluedMap<String, String> form, @HeaderParam("Authorization") String authorization) {
    Client client = authenticate(form, authorization);
    Map<String, Object> answer = tokens.introspect(client, single(form, "token"));
    return noStore(Response.ok(answer));
  }

  private Client authenticate(MultivaluedMap<String, String> form, String authorization) {
    return clients.authenticate(
        authorization, single(form, "client_id"), single(form, "client_secret"));
  }

  /** RFC 6749 §3.2: parameters must not appear more than once. */
  private static String single(MultivaluedMap<String, String> form, String name) {
    List<String> values = form.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw OAuthError.invalidRequest(name + " is repeated.");
    }
    return values.get(0);
  }

  private static Response noStore(Response.ResponseBuilder response) {
    return response.header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
  }
}
