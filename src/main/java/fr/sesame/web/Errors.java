package fr.sesame.web;

import fr.sesame.directory.DsdenContactView;
import fr.sesame.platform.Problem;
import java.util.List;

/**
 * The errors of a form, as the page shows them: a summary at the top (focused, each entry linked to
 * its field) and the same messages beside the fields; and, when self-service cannot help, the DSDEN
 * contact.
 */
public record Errors(
    String code, String title, String detail, List<FieldError> fields, DsdenContactView contact) {

  /** One field's message. */
  public record FieldError(String field, String message) {}

  static final Errors NONE = new Errors(null, null, null, List.of(), null);

  static Errors of(Problem problem) {
    Object contact = problem.members().get("contact");
    return new Errors(
        problem.code(),
        problem.title(),
        problem.detail(),
        problem.violations().stream().map(v -> new FieldError(v.field(), v.message())).toList(),
        contact instanceof DsdenContactView view ? view : null);
  }

  /** The contact's phone as a tel: URI wants it (RFC 3966: no spaces). */
  public String tel() {
    return contact == null || contact.phone() == null ? null : contact.phone().replace(" ", "");
  }

  public boolean any() {
    return code != null;
  }

  /** The message of a field, or null. */
  public String of(String field) {
    return fields.stream()
        .filter(f -> f.field().equals(field))
        .map(FieldError::message)
        .findFirst()
        .orElse(null);
  }

  /** The fields' messages, one line each (a field may fail several rules). */
  public List<String> all(String field) {
    return fields.stream().filter(f -> f.field().equals(field)).map(FieldError::message).toList();
  }
}
