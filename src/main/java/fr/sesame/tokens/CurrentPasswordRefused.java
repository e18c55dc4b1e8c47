package fr.sesame.tokens;

import fr.sesame.platform.Messages;
import fr.sesame.platform.Problem;
import fr.sesame.platform.ProblemException;
import java.util.Locale;

/**
 * The current password given with a change is wrong, or the account is waiting out a delay after
 * failed attempts: one answer for both, as at login.
 */
final class CurrentPasswordRefused extends ProblemException {

  private static final long serialVersionUID = 1L;

  CurrentPasswordRefused() {
    super(problemIn(Messages.FRENCH));
  }

  @Override
  public Problem problem(Locale locale) {
    return problemIn(locale);
  }

  private static Problem problemIn(Locale locale) {
    return Problem.of(
        403,
        "current-password-invalid",
        Messages.text(locale, "current-password-invalid.title"),
        Messages.text(locale, "password.current-invalid"));
  }
}
