package fr.sesame.recovery;

import fr.sesame.platform.ClientAddress;
import fr.sesame.tokens.Caller;
import fr.sesame.tokens.TokenService;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** A logged-in person's recovery contacts (bearer token), each change re-authenticated. */
@Path("/api/v1/me/contacts")
@Produces(MediaType.APPLICATION_JSON)
public class MeContactsResource {

  /** A contact to add or replace, and the current password. */
  public record Change(String channel, String value, String currentPassword) {}

  /** The flow's handle and the code sent to the new value. */
  public record Code(String flow, String code) {}

  /** The channel to remove, and the current password. */
  public record Removal(String channel, String currentPassword) {}

  private final ContactService contacts;
  private final TokenService tokens;
  private final ClientAddress addresses;

  MeContactsResource(ContactService contacts, TokenService tokens, ClientAddress addresses) {
    this.contacts = contacts;
    this.tokens = tokens;
    this.addresses = addresses;
  }

  @GET
  public Response list(@HeaderParam("Authorization") String authorization) {
    Caller caller = tokens.requireCaller(authorization);
    return Flows.ok(Map.of("items", contacts.contacts(caller.staffId())));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response change(
      @HeaderParam("Authorization") String authorization,
      @NotNull Change body,
      @Context HttpServerRequest request) {
    Caller caller = tokens.requireCaller(authorization);
    return Flows.created(
        contacts.startChange(
            caller, body.channel(), body.value(), body.currentPassword(), addresses.of(request)));
  }

  @POST
  @Path("verification")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response verify(@HeaderParam("Authorization") String authorization, @NotNull Code body) {
    Caller caller = tokens.requireCaller(authorization);
    return Flows.ok(contacts.confirmChange(caller, body.flow(), body.code()));
  }

  @POST
  @Path("removal")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response remove(
      @HeaderParam("Authorization") String authorization,
      @NotNull Removal body,
      @Context HttpServerRequest request) {
    Caller caller = tokens.requireCaller(authorization);
    contacts.remove(caller, body.channel(), body.currentPassword(), addresses.of(request));
    return Response.noContent().build();
  }
}
