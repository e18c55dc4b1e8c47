package fr.sesame.platform;

import java.util.Locale;
import java.util.Map;

/**
 * A refusal that is the caller's business: it becomes a problem+json response with its status and
 * stable code. Subclasses are named for the fact (an unusable file, an unknown person…) and may
 * speak the caller's language by overriding {@link #problem(Locale)}.
 */
public class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final transient Problem problem;

  public ProblemException(int status, String code, String title, String detail) {
    super(code, null, false, false);
    this.problem = Problem.of(status, code, title, detail);
  }

  public ProblemException(Problem problem) {
    super(problem.code(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  /** The problem in the caller's language; French unless a subclass knows better. */
  public Problem problem(Locale locale) {
    return problem();
  }

  /** Headers the answer must carry: Retry-After on a 503, WWW-Authenticate on a 401 (RFC 6750). */
  public Map<String, String> headers() {
    return Map.of();
  }
}
