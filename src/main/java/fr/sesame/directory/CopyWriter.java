package fr.sesame.directory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/** Streams rows into PostgreSQL with COPY (text format), escaping what the format requires. */
final class CopyWriter implements AutoCloseable {

  private final PGCopyOutputStream stream;
  private final BufferedWriter out;
  private final StringBuilder row = new StringBuilder(256);
  private boolean firstField = true;

  CopyWriter(Connection connection, String copySql) throws SQLException {
    PGConnection pg = connection.unwrap(PGConnection.class);
    this.stream = new PGCopyOutputStream(pg, copySql, 1 << 16);
    this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
  }

  CopyWriter field(String value) {
    separate();
    if (value == null) {
      row.append("\\N");
      return this;
    }
    if (!needsEscape(value)) {
      row.append(value);
      return this;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> row.append("\\\\");
        case '\t' -> row.append("\\t");
        case '\n' -> row.append("\\n");
        case '\r' -> row.append("\\r");
        default -> row.append(c);
      }
    }
    return this;
  }

  private static boolean needsEscape(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  CopyWriter field(long value) {
    separate();
    row.append(value);
    return this;
  }

  /** Sends the row in one write: the writer locks per call, so per character would be slow. */
  void endRow() {
    try {
      row.append('\n');
      out.append(row);
      row.setLength(0);
      firstField = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void separate() {
    if (!firstField) {
      row.append('\t');
    }
    firstField = false;
  }

  /** Ends the COPY and returns the number of rows PostgreSQL took. */
  long finish() {
    try {
      out.flush();
      return stream.endCopy();
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("COPY failed", e);
    }
  }

  @Override
  public void close() {
    try {
      if (stream.isActive()) {
        stream.cancelCopy();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("COPY could not be cancelled", e);
    }
  }
}
