package fr.sesame.platform;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the public port decides about a request before any route runs, from its request line and
 * headers (and, for a body sent without a length, from the body's size as it is read). A body
 * announced above the limit is refused in the API's own shape: Quarkus would answer a bare 413,
 * where here it gets a problem+json with a stable code, or on the OAuth endpoints the error object
 * of RFC 6749 §5.2 that their clients read; so is a body sent without a length (chunked) once it
 * passes the limit while it is read here. (On the management interface the body handler runs first
 * and the administration API's failure handler shapes its 413.) And an Accept-Language header with
 * entries that do not parse is passed on with the others only: JAX-RS and Qute's variant selection
 * fail the request on them.
 *
 * <p>A request target that is not a URI ({@code ?q=%ZZ}, {@code /a%ZZ}, {@code ?a|b}) is refused
 * here too, as {@code malformed-uri}: Quarkus makes that check before routing with a bare, empty
 * 400 (without even the response headers), so its own check is turned off ({@link #URI_VALIDATION})
 * and made here instead. A malformed escape in the path fails the router itself while it matches a
 * route, before this one runs: the router's 400 handler answers it the same way.
 */
@ApplicationScoped
public class RequestHygiene {

  /**
   * The system property that turns off Quarkus's own URI check, read once when its HTTP layer
   * loads: set by {@code SesameMain}, the test run and the dev mode's configuration in the build.
   */
  public static final String URI_VALIDATION = "vertx.disableURIValidation";

  /** Before Quarkus's own body limit (order -2) and every route. */
  private static final int FIRST = 100;

  /** The response headers of the configuration, {@code quarkus.http.header."NAME".value}. */
  private static final Pattern HEADER =
      Pattern.compile("quarkus\\.http\\.header\\.\"?([^\".]+)\"?\\.value");

  private final ManagementResponses responses;
  private final long publicLimit;
  private final Map<String, String> securityHeaders = new LinkedHashMap<>();

  RequestHygiene(
      ManagementResponses responses,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10M")
          MemorySize publicLimit,
      Config config) {
    this.responses = responses;
    this.publicLimit = publicLimit.asLongValue();
    for (String name : config.getPropertyNames()) {
      Matcher header = HEADER.matcher(name);
      if (header.matches()) {
        securityHeaders.put(header.group(1), config.getValue(name, String.class));
      }
    }
  }

  void publicPort(@Observes Router router) {
    router.route().order(-FIRST).handler(this::check);
    // A malformed escape in the path fails the router itself, while it matches the first route
    // with a path (Quarkus's response headers), before this one: the router's answer to it.
    router.errorHandler(400, this::unroutable);
  }

  private void check(RoutingContext context) {
    if (!parses(context.request().uri())) {
      refuse(context, Problem.MALFORMED_URI);
      return;
    }
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
      tooLarge(context);
      return;
    }
    if (length == null && context.request().headers().contains("Transfer-Encoding")) {
      buffered(context);
      return;
    }
    context.next();
  }

  /**
   * A body sent without a length (chunked) is read here, up to the limit, and handed to the route
   * whole (JAX-RS reads a body already read from the context). Read by the framework's own body
   * stream instead, one past the limit got that stream's bare 413 and an unexpected failure in the
   * log.
   */
  private void buffered(RoutingContext context) {
    HttpServerRequest request = context.request();
    if (request.isEnded()) {
      context.next(); // nothing left to read
      return;
    }
    Buffer body = Buffer.buffer();
    request.handler(
        chunk -> {
          if (context.response().ended()) {
            return; // refused: what still arrives is dropped with the connection
          }
          if (body.length() + chunk.length() > publicLimit) {
            tooLarge(context);
          } else {
            body.appendBuffer(chunk);
          }
        });
    request.endHandler(
        ended -> {
          if (!context.response().ended()) {
            context.setBody(body);
            context.next();
          }
        });
    request.resume();
  }

  private void tooLarge(RoutingContext context) {
    // The rest of the body will not be read: the connection cannot carry another request after
    // it, and a client still sending would hold it open.
    context.response().putHeader("Connection", "close");
    context.response().endHandler(ended -> context.request().connection().close());
    refuse(
        context,
        Problem.of(
            413,
            "payload-too-large",
            "Corps trop volumineux",
            "Le corps dépasse la taille acceptée (" + publicLimit / 1024 + " Kio)."));
  }

  private void unroutable(RoutingContext context) {
    // The route that failed is the one that adds the response headers: they are added here.
    securityHeaders.forEach(context.response()::putHeader);
    refuse(
        context,
        parses(context.request().uri())
            ? ProblemMapper.Problems.fromStatus(400)
            : Problem.MALFORMED_URI);
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

  /**
   * The check Quarkus makes before routing, with its bare 400 (turned off by {@link
   * #URI_VALIDATION}), made here so that the refusal has the API's shape.
   */
  static boolean parses(String uri) {
    try {
      new URI(uri);
      return true;
    } catch (URISyntaxException e) {
      return false;
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
