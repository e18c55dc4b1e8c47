package fr.sesame.directory;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Public facts about the académie: its départements and whom staff can call for help. */
@Path("/api/v1/academie")
@Produces(MediaType.APPLICATION_JSON)
public class AcademieResource {

  private final AcademieService academies;

  AcademieResource(AcademieService academies) {
    this.academies = academies;
  }

  @GET
  public AcademieView academie() {
    return academies.academie();
  }
}
