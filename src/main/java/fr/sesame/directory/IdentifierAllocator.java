package fr.sesame.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Hands out homonym numbers one at a time (single creations): an atomic upsert on the base's row
 * returns the new last number, so concurrent transactions queue on that row and never get the same
 * one. The bulk import reserves whole ranges the same way, in SQL.
 */
final class IdentifierAllocator {

  enum Kind {
    LOGIN,
    ADDRESS
  }

  private IdentifierAllocator() {}

  static int next(Connection connection, Kind kind, String base) throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            """
            INSERT INTO identifier_sequence (kind, base, last_number) VALUES (?, ?, 1)
            ON CONFLICT (kind, base)
               DO UPDATE SET last_number = identifier_sequence.last_number + 1
            RETURNING last_number
            """)) {
      upsert.setString(1, kind.name());
      upsert.setString(2, base);
      try (ResultSet rows = upsert.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
