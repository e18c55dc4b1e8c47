package fr.sesame.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * JSON and problem+json answers for the routes served on the management interface, which Vert.x
 * serves directly (JAX-RS and its exception mappers only serve the main port).
 */
@ApplicationScoped
public class ManagementResponses {

  private static final Logger LOG = Logger.getLogger(ManagementResponses.class);
  private final ObjectMapper mapper;

  ManagementResponses(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public void json(RoutingContext context, int status, Object body) {
    write(context, status, "application/json", body);
  }

  public void problem(RoutingContext context, Problem problem) {
    write(context, problem.status(), Problem.MEDIA_TYPE, problem);
  }

  /** Answers any failure: problems as they are, anything else as a generic 500. */
  public void failure(RoutingContext context, Throwable failure) {
    if (failure instanceof ProblemException problem) {
      problem(context, problem.problem());
    } else if (failure instanceof JsonProcessingException json) {
      problem(context, ProblemMapper.Problems.fromJson(json));
    } else if (failure.getCause() instanceof JsonProcessingException json) {
      problem(context, ProblemMapper.Problems.fromJson(json));
    } else {
      SafeErrors.log(LOG, "Unexpected failure on the management interface", failure);
      problem(context, ProblemMapper.Problems.fromStatus(500));
    }
  }

  /** A status without a more specific problem (404, 405, 413…). */
  public void status(RoutingContext context, int status) {
    problem(context, ProblemMapper.Problems.fromStatus(status));
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  private void write(RoutingContext context, int status, String type, Object body) {
    if (context.response().ended()) {
      return;
    }
    try {
      context
          .response()
          .setStatusCode(status)
          .putHeader("Content-Type", type)
          .putHeader("Cache-Control", "no-store")
          .end(mapper.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      LOG.error("Response could not be written", e);
      context.response().setStatusCode(500).end();
    }
  }
}
