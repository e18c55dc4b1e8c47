package fr.sesame.tokens;

import fr.sesame.platform.Problem;
import fr.sesame.platform.ProblemException;
import java.util.Map;

/** RFC 6750 §3: a missing, expired, revoked or foreign bearer token. */
public final class InvalidToken extends ProblemException {

  private static final long serialVersionUID = 1L;

  public InvalidToken() {
    super(
        Problem.of(
            401,
            "invalid-token",
            "Jeton invalide",
            "Le jeton d'accès est absent, expiré ou révoqué."));
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("WWW-Authenticate", "Bearer realm=\"sesame\", error=\"invalid_token\"");
  }
}
