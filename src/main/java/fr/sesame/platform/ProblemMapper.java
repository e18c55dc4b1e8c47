package fr.sesame.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become responses. Everything leaves as problem+json with a stable
 * code; an unexpected failure is logged here and answered with a generic 500 that says nothing
 * about the code that failed.
 */
public final class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e, HttpHeaders headers) {
    Response.ResponseBuilder response =
        builder(e.problem(Messages.pick(headers.getAcceptableLanguages())));
    e.headers().forEach(response::header);
    return response.build();
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e) {
    return response(Problems.fromJson(e));
  }

  // Quarkus ships its own mappers for these two (a bare 400, or a body naming our classes); ours
  // take precedence so that every client sees the same problem+json.
  @ServerExceptionMapper(priority = Priorities.USER - 100)
  public Response mismatchedInput(MismatchedInputException e) {
    return response(Problems.fromJson(e));
  }

  @ServerExceptionMapper(priority = Priorities.USER - 100)
  public Response unknownField(UnrecognizedPropertyException e) {
    return response(Problems.fromJson(e));
  }

  @ServerExceptionMapper
  public Response validation(ConstraintViolationException e) {
    List<Problem.Violation> violations =
        e.getConstraintViolations().stream()
            .map(
                v ->
                    new Problem.Violation(
                        Problems.lastNode(v.getPropertyPath().toString()),
                        "invalid",
                        v.getMessage()))
            .toList();
    return response(
        Problem.of(400, "invalid-request", "Requête invalide", "Certains champs sont invalides.")
            .withViolations(violations));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    return response(Problems.fromStatus(e.getResponse().getStatus()));
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e, HttpServerRequest request) {
    if (e.getCause() instanceof JsonProcessingException json) {
      return json(json);
    }
    if (unreadableForm(e)) {
      return response(
          Problem.of(
              400,
              "malformed-form",
              "Formulaire illisible",
              "Le formulaire envoyé contient un échappement % invalide."));
    }
    // Both: a closed channel of our own (a file, say) is our failure while the client waits.
    if (clientGone(e) && request.response().closed()) {
      // The client closed the connection before it sent the whole body (a load generator that
      // stops, a browser tab closed, a proxy timeout): nobody will read the answer, nothing
      // failed here, and an error with its trace for each would bury the real ones. Answered as
      // the client's doing, so that a rate of 5xx stays a rate of our failures.
      LOG.debugf("Request abandoned by the client: %s", e);
      return response(Problems.fromStatus(400));
    }
    SafeErrors.log(LOG, "Unexpected failure while serving a request", e);
    return response(Problems.fromStatus(500));
  }

  /**
   * Whether the framework's form reader failed on the body ({@code %ZZ}, {@code =&=}): it throws an
   * IllegalArgumentException or an index error of its own, which only its frames tell from a
   * failure of ours. The body is the client's, so the answer is theirs: 400.
   */
  static boolean unreadableForm(Throwable failure) {
    if (!(failure instanceof IllegalArgumentException
        || failure instanceof IndexOutOfBoundsException)) {
      return false;
    }
    for (StackTraceElement frame : failure.getStackTrace()) {
      String type = frame.getClassName();
      if (type.startsWith("org.jboss.resteasy.reactive.")
          && (type.contains("FormEncodedData") || type.contains("FormUrlEncoded"))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code failure} says a connection closed under the request. */
  static boolean clientGone(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ClosedChannelException || t instanceof HttpClosedException) {
        return true;
      }
    }
    return false;
  }

  static Response response(Problem problem) {
    return builder(problem).build();
  }

  private static Response.ResponseBuilder builder(Problem problem) {
    return Response.status(problem.status())
        .type(Problem.MEDIA_TYPE)
        .header("Cache-Control", "no-store")
        .entity(problem);
  }

  /** Jackson failures named by the field that failed, never by the class that could not bind. */
  static final class Problems {

    private Problems() {}

    static Problem fromJson(JsonProcessingException e) {
      if (e instanceof UnrecognizedPropertyException unknown) {
        return Problem.of(
                400, "unknown-field", "Champ inconnu", "Le corps contient un champ inconnu.")
            .withViolations(
                List.of(
                    new Problem.Violation(
                        unknown.getPropertyName(), "unknown-field", "Champ non reconnu.")));
      }
      if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
        MismatchedInputException mismatch = (MismatchedInputException) e;
        String field =
            mismatch.getPath().stream()
                .map(
                    ref ->
                        ref.getFieldName() != null
                            ? ref.getFieldName()
                            : String.valueOf(ref.getIndex()))
                .reduce((a, b) -> a + "." + b)
                .orElse("");
        return Problem.of(
                400, "invalid-field", "Champ invalide", "Un champ n'a pas le type attendu.")
            .withViolations(
                List.of(new Problem.Violation(field, "invalid-type", "Type ou format inattendu.")));
      }
      return Problem.of(
          400, "malformed-json", "JSON invalide", "Le corps n'est pas un JSON valide.");
    }

    static Problem fromStatus(int status) {
      return switch (status) {
        case 400 -> Problem.of(400, "bad-request", "Requête invalide", "La requête est invalide.");
        case 401 ->
            Problem.of(401, "unauthorized", "Authentification requise", "Authentifiez-vous.");
        case 403 -> Problem.of(403, "forbidden", "Accès refusé", "Cette action vous est refusée.");
        case 404 ->
            Problem.of(404, "not-found", "Introuvable", "Aucune ressource à cette adresse.");
        case 405 ->
            Problem.of(
                405,
                "method-not-allowed",
                "Méthode non autorisée",
                "Cette méthode n'est pas acceptée ici.");
        case 406 ->
            Problem.of(
                406,
                "not-acceptable",
                "Format non disponible",
                "Le format de réponse demandé n'est pas disponible.");
        case 413 ->
            Problem.of(
                413, "payload-too-large", "Corps trop volumineux", "Le corps est trop volumineux.");
        case 415 ->
            Problem.of(
                415,
                "unsupported-media-type",
                "Format non pris en charge",
                "Le format du corps n'est pas pris en charge.");
        default ->
            status >= 500
                ? Problem.of(
                    500,
                    "internal-error",
                    "Erreur interne",
                    "Une erreur inattendue est survenue ; elle a été journalisée.")
                : Problem.of(
                    status, "http-" + status, "Requête refusée", "La requête est refusée.");
      };
    }

    static String lastNode(String path) {
      int dot = path.lastIndexOf('.');
      return dot < 0 ? path : path.substring(dot + 1);
    }
  }
}
