package fr.sesame.tokens;

import fr.sesame.platform.ClientAddress;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The OAuth 2.0 endpoints, shaped as RFC 6749, 7009 and 7662 say so that existing client libraries,
 * webmail plugins and mail servers work unchanged: form-encoded bodies, client authentication by
 * HTTP Basic or in the body, JSON answers with {@code error} codes, and {@code Cache-Control:
 * no-store} on everything that carries a token.
 *
 * <p>The bodies are read by {@link OAuthForm} rather than by the framework, so that every body that
 * is not a valid form, whatever its type, gets an RFC 6749 {@code invalid_request} like any other
 * bad request to these endpoints.
 */
@Path("/oauth2")
@Produces(MediaType.APPLICATION_JSON)
public class OAuthResource {

  private final TokenService tokens;
  private final ClientRegistry clients;
  private final ClientAddress addresses;
  private final LoginExecutor logins;
  private final Vertx vertx;

  OAuthResource(
      TokenService tokens,
      ClientRegistry clients,
      ClientAddress addresses,
      LoginExecutor logins,
      Vertx vertx) {
    this.tokens = tokens;
    this.clients = clients;
    this.addresses = addresses;
    this.logins = logins;
    this.vertx = vertx;
  }

  /**
   * Runs on the event loop, which has read the (bounded) body by then: parsing the form and
   * checking the client take no I/O. The grant itself goes where its work can wait: the password
   * grant to the login threads ({@link LoginExecutor}), the refresh grant, a few database
   * statements, to a worker thread. A login thus takes no worker thread at all; on one it took two
   * hand-offs (one to read the body, one to write the answer), 0.3 ms of CPU per login that the
   * hashes need.
   */
  @POST
  @Path("token")
  @NonBlocking
  public CompletionStage<Response> token(
      byte[] body,
      @HeaderParam("Content-Type") String contentType,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("User-Agent") String userAgent,
      @Context HttpServerRequest request) {
    OAuthForm form = OAuthForm.parse(contentType, body);
    Client client = authenticate(form, authorization);
    RequestOrigin origin = new RequestOrigin(addresses.of(request), userAgent);
    String grant = form.single("grant_type");
    if (Client.PASSWORD.equals(grant)) {
      String username = form.single("username");
      String password = form.single("password");
      return logins
          .submit(() -> tokens.passwordGrant(client, username, password, origin))
          .thenApply(answer -> noStore(Response.ok(answer)));
    } else if (Client.REFRESH_TOKEN.equals(grant)) {
      String refreshToken = form.single("refresh_token");
      return vertx
          .executeBlocking(
              () -> noStore(Response.ok(tokens.refreshGrant(client, refreshToken, origin))), false)
          .toCompletionStage();
    } else if (grant == null || grant.isEmpty()) {
      throw OAuthError.invalidRequest("grant_type is required.");
    } else {
      throw OAuthError.unsupportedGrantType();
    }
  }

  @POST
  @Path("revoke")
  public Response revoke(
      byte[] body,
      @HeaderParam("Content-Type") String contentType,
      @HeaderParam("Authorization") String authorization) {
    OAuthForm form = OAuthForm.parse(contentType, body);
    Client client = authenticate(form, authorization);
    tokens.revoke(client, form.single("token"), form.single("token_type_hint"));
    return noStore(Response.ok());
  }

  @POST
  @Path("introspect")
  public Response introspect(
      byte[] body,
      @HeaderParam("Content-Type") String contentType,
      @HeaderParam("Authorization") String authorization) {
    OAuthForm form = OAuthForm.parse(contentType, body);
    Client client = authenticate(form, authorization);
    Map<String, Object> answer = tokens.introspect(client, form.single("token"));
    return noStore(Response.ok(answer));
  }

  private Client authenticate(OAuthForm form, String authorization) {
    return clients.authenticate(
        authorization, form.single("client_id"), form.single("client_secret"));
  }

  private static Response noStore(Response.ResponseBuilder response) {
    return response.header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
  }
}
