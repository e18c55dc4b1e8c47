package fr.sesame.credentials;

import fr.sesame.platform.Problem;
import fr.sesame.platform.ProblemException;
import java.util.Map;

/** Every hashing slot stayed busy for the whole allowed wait: try again shortly. */
public final class HashingSaturated extends ProblemException {

  private static final long serialVersionUID = 1L;
  private final int retryAfterSeconds;

  HashingSaturated(int retryAfterSeconds) {
    super(
        Problem.of(
            503,
            "service-busy",
            "Service momentanément saturé",
            "Trop de connexions en même temps ; réessayez dans quelques secondes."));
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("Retry-After", Integer.toString(retryAfterSeconds));
  }
}
