package fr.sesame.platform;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the public port decides from a request's headers alone, before any route runs. A body
 * announced above the limit is refused in the API's own shape: Quarkus would answer a bare 413,
 * where here it gets a problem+json with a stable code, or on the OAuth endpoints the error object
 * of RFC 6749 §5.2 that their clients read. (A body sent without a length, chunked, is still cut at
 * the same limit by Quarkus while it streams in; on the management interface the body handler runs
 * first and the administration API's failure handler shapes its 413.) And an Accept-Language header
 * with entries that do not parse is passed on with the others only: JAX-RS and Qute's variant
 * selection fail the request on them.
 *
 * <p>Not handled here: a malformed escape in the request target ({@code ?q=%ZZ}), which Vert.x
 * refuses with a bare 400 while it routes the request, before any handler.
 */
@ApplicationScoped
public class RequestHygiene {

  /** Before Quarkus's own body limit (order -2) and every route. */
  private static final int FIRST = 100;

  private final ManagementResponses responses;
  private final long publicLimit;

  RequestHygiene(
      ManagementResponses responses,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M")
          MemorySize publicLimit) {
    this.responses = responses;
    this.publicLimit = publicLimit.asLongValue();
  }

  void publicPort(@Observes Router router) {
    router.route().order(-FIRST).handler(this::check);
  }

  private void check(RoutingContext context) {
    // Read by the framework too (JAX-RS, Qute's variants), which fails the request on an entry
    // that does not parse: only the entries that do are passed on.
    String languages = context.request().getHeader("Accept-Language");
    if (languages != null) {
      String wellFormed = Messages.wellFormed(languages);
      if (wellFormed == null) {
        context.request().headers().remove("Accept-Language");
      } else if (!wellFormed.equals(languages)) {
        context.request().headers().set("Accept-Language", wellFormed);
      }
    }
    String length = context.request().getHeader("Content-Length");
    if (length != null && declaredAbove(length, publicLimit)) {
      // The body will not be read: the connection cannot carry another request after it, and
      // a client still sending would hold it open.
      context.response().putHeader("Connection", "close");
      context.response().endHandler(ended -> context.request().connection().close());
      refuse(
          context,
          Problem.of(
              413,
              "payload-too-large",
              "Corps trop volumineux",
              "Le corps dépasse la taille acceptée (" + publicLimit / 1024 + " Kio)."));
      return;
    }
    context.next();
  }

  private void refuse(RoutingContext context, Problem problem) {
    if (context.request().path() != null && context.request().path().startsWith("/oauth2/")) {
      responses.json(
          context,
          problem.status(),
          Map.of("error", "invalid_request", "error_description", problem.detail()));
    } else {
      responses.problem(context, problem);
    }
  }

  private static boolean declaredAbove(String length, long limit) {
    try {
      return Long.parseLong(length.strip()) > limit;
    } catch (NumberFormatException e) {
      return false; // the HTTP layer refuses it on its own
    }
  }
}
