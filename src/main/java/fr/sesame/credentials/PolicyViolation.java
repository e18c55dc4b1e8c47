package fr.sesame.credentials;

import fr.sesame.platform.Messages;
import java.util.Locale;
import java.util.Map;

/**
 * One reason a password is refused: a stable code (also the message key) and the named values its
 * message needs. Never the password, nor the context word that it contains.
 */
public record PolicyViolation(String code, Map<String, Object> parameters) {

  static PolicyViolation of(String code) {
    return new PolicyViolation(code, Map.of());
  }

  public String message(Locale locale) {
    return Messages.text(locale, code, parameters);
  }
}
