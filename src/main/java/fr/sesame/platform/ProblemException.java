package fr.sesame.platform;

/**
 * A refusal that is the caller's business: it becomes a problem+json response with its status and
 * stable code. Subclasses are named for the fact (an unusable file, an unknown person…).
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
}
