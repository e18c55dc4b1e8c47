package fr.sesame.credentials;

import fr.sesame.platform.Messages;
import fr.sesame.platform.Problem;
import fr.sesame.platform.ProblemException;
import java.util.List;
import java.util.Locale;

/** A new password breaks the policy; every reason is listed, in the caller's language. */
public final class PasswordRefused extends ProblemException {

  private static final long serialVersionUID = 1L;
  private final transient List<PolicyViolation> violations;

  public PasswordRefused(List<PolicyViolation> violations) {
    super(problemIn(Messages.FRENCH, violations));
    this.violations = List.copyOf(violations);
  }

  public List<PolicyViolation> violations() {
    return violations;
  }

  @Override
  public Problem problem(Locale locale) {
    return problemIn(locale, violations);
  }

  private static Problem problemIn(Locale locale, List<PolicyViolation> violations) {
    return Problem.of(
            422,
            "password-refused",
            Messages.text(locale, "password-refused.title"),
            Messages.text(locale, "password-refused.detail"))
        .withViolations(
            violations.stream()
                .map(v -> new Problem.Violation("password", v.code(), v.message(locale)))
                .toList());
  }
}
