package fr.sesame.credentials;

import java.time.LocalDate;

/**
 * What a password must not be made of for one person: their NUMEN, birth date, login, académie
 * address and names. Every field may be null (the strength meter of an anonymous page knows none of
 * them); académie words come from configuration.
 */
public record PasswordContext(
    String numen,
    LocalDate birthDate,
    String login,
    String address,
    String familyName,
    String firstName) {

  public static PasswordContext none() {
    return new PasswordContext(null, null, null, null, null, null);
  }
}
