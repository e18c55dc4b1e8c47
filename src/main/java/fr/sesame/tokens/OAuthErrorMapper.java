package fr.sesame.tokens;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** OAuth errors in the RFC 6749 §5.2 shape (the rest of the API answers problem+json). */
final class OAuthErrorMapper {

  @ServerExceptionMapper
  Response oauth(OAuthError error) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", error.error());
    body.put("error_description", error.description());
    Response.ResponseBuilder response =
        Response.status(error.status())
            .type(MediaType.APPLICATION_JSON)
            .header("Cache-Control", "no-store")
            .header("Pragma", "no-cache")
            .entity(body);
    error.headers().forEach(response::header);
    return response.build();
  }
}
