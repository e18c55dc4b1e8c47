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

/** Activation ("Première connexion") for fronts other than our pages. */
@Path("/api/v1/activation")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ActivationResource {

  /** NUMEN + birth date (YYYY-MM-DD or DD/MM/YYYY) and the ALTCHA solution. */
  public record Start(String numen, String birthDate, String antiBot) {}

  /** The flow's handle and the chosen password. */
  public record Password(String flow, String password) {}

  /** The flow's handle and a recovery contact to verify: EMAIL or SMS, and its value. */
  public record Contact(String flow, String channel, String value) {}

  /** The flow's handle and the code received. */
  public record Code(String flow, String code) {}

  /** The flow's handle. */
  public record Handle(String flow) {}

  private final ActivationService activation;
  private final ClientAddress addresses;

  ActivationResource(ActivationService activation, ClientAddress addresses) {
    this.activation = activation;
    this.addresses = addresses;
  }

  @POST
  public Response start(
      @NotNull Start body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
    FlowView flow =
        activation.start(
            body.numen(),
            body.birthDate(),
            body.antiBot(),
            addresses.of(request),
            Messages.pick(headers.getAcceptableLanguages()).getLanguage());
    return Flows.created(flow);
  }

  @POST
  @Path("password")
  public Response password(@NotNull Password body) {
    return Flows.ok(activation.choosePassword(body.flow(), body.password()));
  }

  @POST
  @Path("contact")
  public Response contact(@NotNull Contact body, @Context HttpServerRequest request) {
    return Flows.ok(
        activation.addContact(body.flow(), body.channel(), body.value(), addresses.of(request)));
  }

  @POST
  @Path("contact/verification")
  public Response verifyContact(@NotNull Code body) {
    return Flows.ok(activation.verifyContact(body.flow(), body.code()));
  }

  @POST
  @Path("completion")
  public Response finish(@NotNull Handle body) {
    return Flows.ok(activation.finish(body.flow()));
  }
}
