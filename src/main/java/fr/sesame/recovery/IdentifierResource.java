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
import java.util.Map;

/** Forgotten identifier: always the same 202, whatever the NUMEN and birth date open. */
@Path("/api/v1/identifier-reminder")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class IdentifierResource {

  /** NUMEN + birth date and the ALTCHA solution. */
  public record Request(String numen, String birthDate, String antiBot) {}

  private final IdentifierService identifiers;
  private final ClientAddress addresses;

  IdentifierResource(IdentifierService identifiers, ClientAddress addresses) {
    this.identifiers = identifiers;
    this.addresses = addresses;
  }

  @POST
  public Response remind(
      @NotNull Request body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
    identifiers.remind(body.numen(), body.birthDate(), body.antiBot(), addresses.of(request));
    return Response.accepted(
            Map.of(
                "message",
                Messages.text(
                    Messages.pick(headers.getAcceptableLanguages()), "identifier-reminder.sent")))
        .header("Cache-Control", "no-store")
        .build();
  }
}
