package fr.sesame.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Serves the API contract, openapi.yaml from the repository root (the build copies it into the
 * jar), at {@code /q/openapi} on the management interface: the file as it is, or as JSON with
 * {@code ?format=json} or {@code Accept: application/json}, the way SmallRye OpenAPI answers.
 *
 * <p>SmallRye OpenAPI served it before. It parsed the file into a model and wrote it back out as
 * YAML and as JSON at every start, about a tenth of the start's CPU on two cores (interleaved
 * starts of the packaged jar), to serve a file that never changes: the contract is written by hand
 * and nothing is scanned. Here the YAML is read once at start as bytes, and JSON is converted on
 * its first request.
 */
@ApplicationScoped
class ContractRoute {

  static final String PATH = "/q/openapi";
  private static final String RESOURCE = "META-INF/openapi.yaml";
  private static final String YAML = "application/yaml;charset=UTF-8";
  private static final String JSON = "application/json;charset=UTF-8";

  private final ManagementResponses responses;
  private final byte[] yaml;
  private volatile byte[] json;

  ContractRoute(ManagementResponses responses) {
    this.responses = responses;
    this.yaml = read();
  }

  void register(@Observes ManagementInterface management) {
    management.router().get(PATH).blockingHandler(this::serve);
  }

  private void serve(RoutingContext context) {
    String format = context.request().getParam("format");
    boolean asJson;
    if (format == null) {
      String accept = context.request().getHeader("Accept");
      asJson = accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
    } else if (format.equalsIgnoreCase("json") || format.equalsIgnoreCase("yaml")) {
      asJson = format.equalsIgnoreCase("json");
    } else {
      responses.problem(
          context,
          Problem.of(400, "unsupported-format", "Unsupported format", "format is json or yaml."));
      return;
    }
    context
        .response()
        .putHeader("Content-Type", asJson ? JSON : YAML)
        .end(Buffer.buffer(asJson ? json() : yaml));
  }

  private byte[] json() {
    byte[] converted = json;
    if (converted == null) {
      try {
        converted =
            responses
                .mapper()
                .writeValueAsBytes(new ObjectMapper(new YAMLFactory()).readTree(yaml));
      } catch (IOException e) {
        throw new UncheckedIOException("openapi.yaml is not valid YAML", e);
      }
      json = converted;
    }
    return converted;
  }

  private static byte[] read() {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
