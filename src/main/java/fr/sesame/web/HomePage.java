package fr.sesame.web;

import fr.sesame.directory.AcademieService;
import fr.sesame.directory.AcademieView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The home page: the three journeys, as the académies' portals offer them, and who to call. */
@Path("/")
public class HomePage {

  @CheckedTemplate(basePath = "web")
  static class Templates {
    static native TemplateInstance home(Chrome c, AcademieView academie);
  }

  private final Pages pages;
  private final AcademieService academie;

  HomePage(Pages pages, AcademieService academie) {
    this.pages = pages;
    this.academie = academie;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Response home(@Context HttpServerRequest request, @Context HttpHeaders headers) {
    Chrome chrome = pages.chrome(request, headers);
    return pages.html(Templates.home(chrome, academie.academie()), 200, chrome, request);
  }
}
