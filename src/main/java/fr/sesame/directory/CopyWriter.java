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
  private boolean firstField = true;

  CopyWriter(Connection connection, String copySql) throws SQLException {
    PGConnection pg = connection.unwrap(PGConnection.class);
    this.stream = new PGCopyOutputStream(pg, copySql, 1 << 16);
    this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
  }

  CopyWriter field(String value) {
    try {
      separate();
      if (value == null) {
        out.write("\\N");
        return this;
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '\\' -> out.write("\\\\");
          case '\t' -> out.write("\\t");
          case '\n' -> out.write("\\n");
          case '\r' -> out.write("\\r");
          default -> out.write(c);
        }
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  CopyWriter field(long value) {
    try {
      separate();
      out.write(Long.toString(value));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void endRow() {
    try {
      out.write('\n');
      firstField = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void separate() throws IOException {
    if (!firstField) {
      out.write('\t');
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
