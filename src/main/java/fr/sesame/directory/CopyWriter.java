package fr.sesame.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Streams rows into PostgreSQL with COPY (text format): each field is escaped and encoded to UTF-8
 * in one pass into a reused buffer, since a million-row import spends more time turning text into
 * bytes than in anything else it does per field.
 */
final class CopyWriter implements AutoCloseable {

  private static final int FLUSH_AT = 1 << 16;

  private final PGCopyOutputStream stream;
  private byte[] buffer = new byte[FLUSH_AT + 4096];
  private int length;
  private boolean firstField = true;

  CopyWriter(Connection connection, String copySql) throws SQLException {
    PGConnection pg = connection.unwrap(PGConnection.class);
    this.stream = new PGCopyOutputStream(pg, copySql, FLUSH_AT);
  }

  CopyWriter field(String value) {
    separate();
    if (value == null) {
      room(2);
      buffer[length++] = '\\';
      buffer[length++] = 'N';
      return this;
    }
    room(value.length() * Utf8.MAX_BYTES_PER_CHAR);
    length = Utf8.write(value, buffer, length, true);
    return this;
  }

  CopyWriter field(long value) {
    separate();
    if (value == Long.MIN_VALUE) {
      return field(Long.toString(value));
    }
    room(20);
    if (value < 0) {
      buffer[length++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    for (int i = length + digits - 1; i >= length; i--) {
      buffer[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += digits;
    return this;
  }

  void endRow() {
    room(1);
    buffer[length++] = '\n';
    firstField = true;
    if (length >= FLUSH_AT) {
      flush();
    }
  }

  private void separate() {
    if (!firstField) {
      room(1);
      buffer[length++] = '\t';
    }
    firstField = false;
  }

  private void room(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }

  private void flush() {
    try {
      stream.write(buffer, 0, length);
      length = 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ends the COPY and returns the number of rows PostgreSQL took. */
  long finish() {
    try {
      flush();
      return stream.endCopy();
    } catch (SQLException | UncheckedIOException e) {
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
