package fr.sesame.directory;

import java.util.UUID;

/**
 * An account as the self-service flows need it: its state, identifiers and who to greet; never the
 * NUMEN or the birth date, which the flows only ever compare in SQL.
 */
public record AccountView(
    UUID id,
    String state,
    String login,
    String address,
    String firstName,
    String familyName,
    String category,
    String departement,
    String language) {

  public boolean active() {
    return "ACTIVE".equals(state);
  }
}
