package fr.sesame.recovery;

import fr.sesame.directory.DsdenContactView;
import fr.sesame.platform.Messages;
import fr.sesame.platform.Problem;
import fr.sesame.platform.ProblemException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-service step refused, with a stable code whose title and detail are in the bundles ({@code
 * <code>.title}, {@code <code>.detail}), in the caller's language. Some carry the DSDEN contact to
 * call, or when to try again.
 */
public final class RecoveryRefused extends ProblemException {

  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final String field;
  private final transient DsdenContactView contact;
  private final long retryAfterSeconds;

  private RecoveryRefused(
      int status, String code, String field, DsdenContactView contact, long retryAfterSeconds) {
    super(status, code, code, code);
    this.status = status;
    this.code = code;
    this.field = field;
    this.contact = contact;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static RecoveryRefused of(int status, String code) {
    return new RecoveryRefused(status, code, null, null, 0);
  }

  /** A field of the request that is not what it should be. */
  static RecoveryRefused field(String code, String field) {
    return new RecoveryRefused(400, code, field, null, 0);
  }

  /** Self-service cannot help: the person's DSDEN can. */
  static RecoveryRefused withContact(String code, DsdenContactView contact) {
    return new RecoveryRefused(403, code, null, contact, 0);
  }

  /** Too many requests, or too early for another code. */
  static RecoveryRefused later(String code, long retryAfterSeconds) {
    return new RecoveryRefused(429, code, null, null, Math.max(1, retryAfterSeconds));
  }

  public String code() {
    return code;
  }

  @Override
  public Problem problem() {
    return problem(Messages.FRENCH);
  }

  @Override
  public Problem problem(Locale locale) {
    Problem problem =
        Problem.of(
            status,
            code,
            Messages.text(locale, code + ".title"),
            Messages.text(locale, code + ".detail"));
    if (field != null) {
      problem =
          problem.withViolations(
              List.of(new Problem.Violation(field, code, Messages.text(locale, code + ".detail"))));
    }
    if (contact != null) {
      problem = problem.with("contact", contact);
    }
    if (retryAfterSeconds > 0) {
      problem = problem.with("retryAfter", retryAfterSeconds);
    }
    return problem;
  }

  @Override
  public Map<String, String> headers() {
    return retryAfterSeconds > 0
        ? Map.of("Retry-After", Long.toString(retryAfterSeconds))
        : Map.of();
  }
}
