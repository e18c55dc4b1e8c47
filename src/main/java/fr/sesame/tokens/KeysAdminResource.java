package fr.sesame.tokens;

import fr.sesame.platform.ManagementResponses;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Key rotation on request, on the management interface only until the administration API protects
 * it: a planned rotation (the next key published now, signing after publish-ahead) and the
 * emergency one (every key withdrawn at once, for a leaked key).
 */
@ApplicationScoped
class KeysAdminResource {

  /**
   * Every route here, in the contract's syntax; the contract test compares it with openapi.yaml.
   */
  static final List<String> ROUTES =
      List.of("POST /api/v1/admin/keys/rotation", "POST /api/v1/admin/keys/emergency-rotation");

  private final SigningKeys keys;
  private final ManagementResponses responses;

  KeysAdminResource(SigningKeys keys, ManagementResponses responses) {
    this.keys = keys;
    this.responses = responses;
  }

  void register(@Observes ManagementInterface management) {
    Router router = management.router();
    router.post("/api/v1/admin/keys/rotation").blockingHandler(context -> run(context, false));
    router
        .post("/api/v1/admin/keys/emergency-rotation")
        .blockingHandler(context -> run(context, true));
  }

  private void run(RoutingContext context, boolean emergency) {
    try {
      if (emergency) {
        keys.emergencyRotate();
      } else {
        keys.rotate();
      }
      responses.json(context, 200, responses.mapper().readTree(keys.jwks()));
    } catch (Exception e) {
      responses.failure(context, e);
    }
  }
}
