package fr.sesame.credentials;

import java.util.Map;
import java.util.Optional;

/**
 * Between the configured minimum and 128 characters, counted as Unicode code points. A longer
 * password is refused, never truncated: Argon2 would accept it, but a megabyte "password" is a way
 * to burn our CPU, and silently cutting it would let a shorter one log in.
 */
final class LengthRule implements PasswordRule {

  static final int MAX = 128;
  private final int min;

  LengthRule(int min) {
    this.min = min;
  }

  @Override
  public Optional<PolicyViolation> check(String password, PasswordContext context) {
    int length = password.codePointCount(0, password.length());
    if (length < min) {
      return Optional.of(new PolicyViolation("password.too-short", Map.of("min", min)));
    }
    if (length > MAX) {
      return Optional.of(new PolicyViolation("password.too-long", Map.of("max", MAX)));
    }
    return Optional.empty();
  }
}
