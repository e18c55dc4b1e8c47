package fr.sesame.credentials;

import java.time.LocalDate;

/**
 * What a password must not be made of for one person: their NUMEN, birth date, login, académie
 * address and names. Every field may be null (the strength meter of an anonymous page knows none of
 * them); académie words come from configuration. Administrators get the stricter length.
 */
public record PasswordContext(
    String numen,
    LocalDate birthDate,
    String login,
    String address,
    String familyName,
    String firstName,
    boolean administrator) {

  public PasswordContext(
      String numen,
      LocalDate birthDate,
      String login,
      String address,
      String familyName,
      String firstName) {
    this(numen, birthDate, login, address, familyName, firstName, false);
  }

  public static PasswordContext none() {
    return new PasswordContext(null, null, null, null, null, null);
  }
}
