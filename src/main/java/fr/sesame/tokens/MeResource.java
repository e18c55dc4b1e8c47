package fr.sesame.tokens;

import fr.sesame.platform.ClientAddress;
import fr.sesame.platform.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a logged-in person does through a webmail front with their access token (RFC 6750 bearer):
 * change their password (what a Roundcube password plugin calls) and see or end their sessions.
 */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

  /** The body of a password change. */
  public record PasswordChange(@NotNull String currentPassword, @NotNull String newPassword) {}

  private final TokenService tokens;
  private final ClientAddress addresses;
  private final fr.sesame.audit.AuditService audit;

  MeResource(TokenService tokens, ClientAddress addresses, fr.sesame.audit.AuditService audit) {
    this.tokens = tokens;
    this.addresses = addresses;
    this.audit = audit;
  }

  /**
   * The caller's own recent security events (logins, password and contact changes, blocks): what a
   * person checks when they suspect someone else uses their account. Actors are not shown.
   */
  @GET
  @Path("events")
  public Response events(@HeaderParam("Authorization") String authorization) {
    Caller caller = caller(authorization);
    List<Map<String, Object>> items =
        audit.recentFor(caller.staffId(), 50).stream()
            .map(
                event -> {
                  Map<String, Object> item = new java.util.LinkedHashMap<>();
                  item.put("occurredAt", event.occurredAt());
                  item.put("event", event.event());
                  item.put("result", event.result());
                  item.put("reason", event.reason());
                  item.put("clientAddress", event.clientAddress());
                  item.put("userAgent", event.userAgent());
                  return item;
                })
            .toList();
    return Response.ok(Map.of("items", items)).header("Cache-Control", "no-store").build();
  }

  @POST
  @Path("password")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response changePassword(
      @HeaderParam("Authorization") String authorization,
      @Context HttpServerRequest request,
      @Valid @NotNull PasswordChange body) {
    Caller caller = caller(authorization);
    tokens.changePassword(
        caller, body.currentPassword(), body.newPassword(), addresses.of(request));
    return Response.noContent().build();
  }

  @GET
  @Path("sessions")
  public Response sessions(@HeaderParam("Authorization") String authorization) {
    List<SessionView> sessions = tokens.sessions(caller(authorization));
    return Response.ok(Map.of("items", sessions)).header("Cache-Control", "no-store").build();
  }

  @DELETE
  @Path("sessions/{id}")
  public Response endSession(
      @HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
    Caller caller = caller(authorization);
    UUID sessionId;
    try {
      sessionId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw noSuchSession();
    }
    if (!tokens.endSession(caller, sessionId)) {
      throw noSuchSession();
    }
    return Response.noContent().build();
  }

  private Caller caller(String authorization) {
    return tokens.requireCaller(authorization);
  }

  private static ProblemException noSuchSession() {
    return new ProblemException(
        404, "session-not-found", "Session introuvable", "Aucune session ouverte à ce numéro.");
  }
}
