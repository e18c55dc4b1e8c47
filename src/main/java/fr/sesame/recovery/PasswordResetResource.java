package fr.sesame.recovery;

import fr.sesame.platform.ClientAddress;
import fr.sesame.platform.Messages;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Forgotten password ("J'initialise mon mot de passe") for fronts other than our pages. */
@Path("/api/v1/password-reset")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PasswordResetResource {

  /** Either a login or académie address, or NUMEN + birth date; and the ALTCHA solution. */
  public record Start(String identifier, String numen, String birthDate, String antiBot) {}

  /** The flow's handle and the channel (EMAIL or SMS) of the option chosen. */
  public record Choice(String flow, String channel) {}

  /** The flow's handle and the code received. */
  public record Code(String flow, String code) {}

  /** The flow's handle, NUMEN and birth date. */
  public record Fallback(String flow, String numen, String birthDate) {}

  /** The flow's handle and the new password. */
  public record Password(String flow, String password) {}

  /** A login or académie address and the code an administrator handed over; ALTCHA solution. */
  public record Assisted(String identifier, String code, String antiBot) {}

  private final PasswordResetService reset;
  private final AssistedResetService assisted;
  private final ClientAddress addresses;

  PasswordResetResource(
      PasswordResetService reset, AssistedResetService assisted, ClientAddress addresses) {
    this.reset = reset;
    this.assisted = assisted;
    this.addresses = addresses;
  }

  /**
   * Redeems a code handed over by an administrator: the answer is an activation flow (the account
   * was pending: continue at /api/v1/activation/password) or a reset flow standing at VERIFIED
   * (continue at /api/v1/password-reset/password).
   */
  @POST
  @Path("assisted")
  public Response assisted(@NotNull Assisted body, @Context HttpServerRequest request) {
    return Flows.created(
        assisted.redeem(body.identifier(), body.code(), body.antiBot(), addresses.of(request)));
  }

  @POST
  public Response start(
      @NotNull Start body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
    String language = Messages.pick(headers.getAcceptableLanguages()).getLanguage();
    String address = addresses.of(request);
    if (body.identifier() != null && (body.numen() != null || body.birthDate() != null)) {
      throw RecoveryRefused.field("invalid-identifier", "identifier");
    }
    FlowView flow =
        body.identifier() != null
            ? reset.startByLogin(body.identifier(), body.antiBot(), address, language)
            : reset.startByNumen(body.numen(), body.birthDate(), body.antiBot(), address, language);
    return Flows.created(flow);
  }

  @POST
  @Path("code")
  public Response code(@NotNull Choice body, @Context HttpServerRequest request) {
    return Flows.ok(reset.sendCode(body.flow(), body.channel(), addresses.of(request)));
  }

  @POST
  @Path("verification")
  public Response verify(@NotNull Code body) {
    return Flows.ok(reset.verifyCode(body.flow(), body.code()));
  }

  @POST
  @Path("fallback")
  public Response fallback(@NotNull Fallback body, @Context HttpServerRequest request) {
    return Flows.ok(
        reset.fallback(body.flow(), body.numen(), body.birthDate(), addresses.of(request)));
  }

  @POST
  @Path("password")
  public Response password(@NotNull Password body) {
    return Flows.ok(reset.setPassword(body.flow(), body.password()));
  }
}
