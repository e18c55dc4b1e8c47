package fr.sesame.platform;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail. {@code code} is stable: clients branch on it and it is also the key
 * of the message in the bundles. {@code detail} is for people and never carries a class name, a
 * stack trace or a secret.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    String code,
    String detail,
    List<Violation> violations,
    @JsonIgnore Map<String, Object> extensions) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /**
   * A request target that is not a URI ({@code ?q=%ZZ}): refused before any route on the public
   * port ({@code RequestHygiene}) and by the administration API on the management interface.
   */
  public static final Problem MALFORMED_URI =
      of(
          400,
          "malformed-uri",
          "Adresse invalide",
          "L'adresse de la requête n'est pas une URI valide (un échappement % invalide, par"
              + " exemple).");

  /** One invalid field of a request body or query. */
  public record Violation(String field, String code, String message) {}

  public static Problem of(int status, String code, String title, String detail) {
    return new Problem(
        "urn:sesame:problem:" + code, title, status, code, detail, List.of(), Map.of());
  }

  public Problem withViolations(List<Violation> list) {
    return new Problem(type, title, status, code, detail, List.copyOf(list), extensions);
  }

  /** An RFC 9457 extension member, e.g. the contact to call when self-service cannot help. */
  public Problem with(String member, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extensions);
    more.put(member, value);
    return new Problem(type, title, status, code, detail, violations, Map.copyOf(more));
  }

  /** Extension members, written beside the standard ones. */
  @JsonAnyGetter
  public Map<String, Object> members() {
    return extensions;
  }
}
