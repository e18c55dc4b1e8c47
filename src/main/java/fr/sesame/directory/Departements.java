package fr.sesame.directory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Département codes as HR extracts write them: 34, 034, 2a, 02A, 971. */
final class Departements {

  private static final Pattern CODE = Pattern.compile("^(?:[0-9]{2}|2[AB]|9[78][0-9])$");

  private Departements() {}

  /** The codes of the académie's départements, as the reference data stored them. */
  static Set<String> known(Connection connection) throws SQLException {
    Set<String> codes = new HashSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT code FROM departement")) {
      while (rows.next()) {
        codes.add(rows.getString(1));
      }
    }
    return codes;
  }

  static Optional<String> normalise(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String code = raw.strip().toUpperCase(Locale.ROOT);
    if (code.length() == 3 && code.charAt(0) == '0') {
      code = code.substring(1);
    }
    return CODE.matcher(code).matches() ? Optional.of(code) : Optional.empty();
  }
}
