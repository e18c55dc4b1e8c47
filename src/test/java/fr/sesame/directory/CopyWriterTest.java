package fr.sesame.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The binary COPY writes what PostgreSQL reads back, for every type the import sends. */
@QuarkusTest
class CopyWriterTest {

  private static final String COLUMNS = "t, c, i, b, u, d, ts";

  @Inject DataSource dataSource;

  private record Row(
      String text, String fixed, int int4, long int8, UUID uuid, LocalDate date, Instant at) {}

  @Test
  void postgresReadsBackEveryValue() throws SQLException {
    List<Row> rows =
        List.of(
            new Row(
                "Nguyễn Ó Briain 🌲 王",
                "12A3456789ABC",
                0,
                0,
                new UUID(0, 0),
                LocalDate.of(2000, 1, 1),
                Instant.parse("2000-01-01T00:00:00Z")),
            new Row(
                "back\\slash\ttab\nnewline\rreturn;\"quote\" \\N",
                "1",
                Integer.MIN_VALUE,
                Long.MIN_VALUE,
                UUID.fromString("0190f0c2-7d3a-7cde-8f00-123456789abc"),
                LocalDate.of(1899, 12, 31),
                Instant.parse("1969-07-20T20:17:40.123456Z")),
            new Row(
                "",
                null,
                Integer.MAX_VALUE,
                Long.MAX_VALUE,
                new UUID(-1, -1),
                LocalDate.of(2026, 12, 2),
                Instant.parse("2026-12-02T13:24:04.999999Z")),
            new Row(null, "é", -1, -1, UUID.randomUUID(), LocalDate.of(1970, 1, 1), Instant.EPOCH));
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TEMP TABLE copy_check (n serial, t text, c char(13), i integer, b bigint,"
                + " u uuid, d date, ts timestamptz) ON COMMIT DROP");
      }
      long copied;
      try (CopyWriter copy = new CopyWriter(connection, "copy_check", COLUMNS)) {
        for (Row row : rows) {
          copy.text(row.text())
              .text(row.fixed())
              .int4(row.int4())
              .int8(row.int8())
              .uuid(row.uuid())
              .date(row.date())
              .timestamp(row.at())
              .endRow();
        }
        copied = copy.finish();
      }
      assertThat(copied).isEqualTo(rows.size());
      List<Row> read = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet found =
              statement.executeQuery(
                  "SELECT t, rtrim(c), i, b, u, d, ts FROM copy_check ORDER BY n")) {
        while (found.next()) {
          read.add(
              new Row(
                  found.getString(1),
                  found.getString(2),
                  found.getInt(3),
                  found.getLong(4),
                  found.getObject(5, UUID.class),
                  found.getObject(6, LocalDate.class),
                  found.getObject(7, OffsetDateTime.class).toInstant()));
        }
      }
      assertThat(read).containsExactlyElementsOf(rows);
      connection.rollback();
    }
  }

  @Test
  void aRowWithTheWrongNumberOfFieldsIsRefusedBeforeItIsSent() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TEMP TABLE copy_short (a text, b integer) ON COMMIT DROP");
      }
      try (CopyWriter copy = new CopyWriter(connection, "copy_short", "a, b")) {
        copy.text("only one");
        assertThatThrownBy(copy::endRow)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("1 fields for 2 columns");
      }
      connection.rollback();
    }
  }
}
