package fr.sesame.recovery;

import jakarta.ws.rs.core.Response;

/** Flow answers: never cached, since they carry a handle and maybe an identifier. */
final class Flows {

  private Flows() {}

  static Response created(Object body) {
    return Response.status(201).entity(body).header("Cache-Control", "no-store").build();
  }

  static Response ok(Object body) {
    return Response.ok(body).header("Cache-Control", "no-store").build();
  }
}
