package fr.sesame.web;

import fr.sesame.platform.ClientAddress;
import fr.sesame.recovery.IdentifierService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Forgotten identifier: one form, and one answer whatever it opens. */
@Path("/identifiant-oublie")
@Produces(MediaType.TEXT_HTML)
public class IdentifierPage {

  private static final String PATH = "/identifiant-oublie";

  /** What the template shows. */
  public record Model(boolean sent, Errors errors, String numen, String birthDate) {}

  @CheckedTemplate(basePath = "web")
  static class Templates {
    static native TemplateInstance identifier(Chrome c, Model page);
  }

  private final Pages pages;
  private final IdentifierService identifiers;
  private final ClientAddress addresses;

  IdentifierPage(Pages pages, IdentifierService identifiers, ClientAddress addresses) {
    this.pages = pages;
    this.identifiers = identifiers;
    this.addresses = addresses;
  }

  @GET
  public Response page(
      @QueryParam("envoye") String sent,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    Chrome chrome = pages.chrome(request, headers);
    return pages.html(
        Templates.identifier(chrome, new Model(sent != null, Errors.NONE, null, null)),
        200,
        chrome,
        request);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response remind(
      @FormParam("csrf") String csrf,
      @FormParam("numen") String numen,
      @FormParam("birthDate") String birthDate,
      @FormParam("antiBot") String antiBot,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return pages.step(
        request,
        headers,
        csrf,
        PATH + "?envoye=1",
        () -> identifiers.remind(numen, birthDate, antiBot, addresses.of(request)),
        (chrome, errors, status) ->
            pages.html(
                Templates.identifier(chrome, new Model(false, errors, numen, birthDate)),
                status,
                chrome,
                request));
  }
}
