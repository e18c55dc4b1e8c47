package fr.sesame.recovery;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** ALTCHA challenges for the identification steps. */
@Path("/api/v1/anti-bot/challenge")
@Produces(MediaType.APPLICATION_JSON)
public class AntiBotResource {

  private final AntiBotService antiBot;

  AntiBotResource(AntiBotService antiBot) {
    this.antiBot = antiBot;
  }

  @GET
  public Response challenge() {
    return Response.ok(antiBot.challenge()).header("Cache-Control", "no-store").build();
  }
}
