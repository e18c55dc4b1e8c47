package fr.sesame.directory;

import fr.sesame.platform.SafeErrors;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * HR imports as jobs: each has a row that shows its progress while it runs and keeps its outcome
 * and per-row report afterwards. The import and the final state of its job commit together.
 */
@ApplicationScoped
public class ImportService {

  private static final Logger LOG = Logger.getLogger(ImportService.class);
  private static final int REJECTED_IN_SUMMARY = 100;

  /**
   * How the file is to be taken; see {@link HrImport.Mode} and {@link HrImport.Departures}. The
   * file name is only the job's label, as the client gave it (a query parameter, a multipart part):
   * kept without its control characters, which PostgreSQL cannot store (NUL) or which would garble
   * the lists showing it, and cut at {@value #LONGEST_FILE_NAME} characters.
   */
  public record Request(String fileName, boolean fullExtract, boolean blockDepartures) {
    public Request {
      if (fileName != null) {
        String label = fileName.replaceAll("\\p{Cntrl}", "").strip();
        if (label.length() > LONGEST_FILE_NAME) {
          int end = LONGEST_FILE_NAME;
          if (Character.isHighSurrogate(label.charAt(end - 1))) {
            end--;
          }
          label = label.substring(0, end);
        }
        fileName = label.isEmpty() ? null : label;
      }
    }
  }

  static final int LONGEST_FILE_NAME = 255;

  /** Told of progress as the import goes; the CLI prints it. */
  @FunctionalInterface
  public interface Listener {
    void progress(String phase, int rowsRead);
  }

  private final DataSource dataSource;
  private final AcademieConfig academie;
  private final ImportConfig config;
  private final Clock clock;
  private final SecureRandom random;

  ImportService(
      DataSource dataSource,
      AcademieConfig academie,
      ImportConfig config,
      Clock clock,
      SecureRandom random) {
    this.dataSource = dataSource;
    this.academie = academie;
    this.config = config;
    this.clock = clock;
    this.random = random;
  }

  /**
   * An import interrupted by a crash left its job RUNNING (its transaction was rolled back, so
   * nothing of it was applied): say so once it cannot be running any more.
   */
  void closeInterrupted(@Observes StartupEvent event) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                execute(
                    "UPDATE import_job SET status = 'FAILED', phase = 'interrompu',"
                        + " failure_code = 'import-interrupted',"
                        + " failure = 'Import interrompu (arrêt du service) : rien n''a été appliqué.',"
                        + " finished_at = ? WHERE status = 'RUNNING' AND started_at < ?",
                    Timestamp.from(clock.instant()),
                    Timestamp.from(clock.instant().minus(config.timeout()))));
  }

  /**
   * Imports a file already on disk and returns its summary once it is committed. A file that cannot
   * be used at all throws {@link ImportRefused} and changes nothing but its job record.
   */
  public ImportSummary importFile(Path file, Request request, Listener listener) {
    UUID id = UUID.randomUUID();
    HrImport.Mode mode = request.fullExtract() ? HrImport.Mode.FULL : HrImport.Mode.PARTIAL;
    HrImport.Departures departures =
        request.blockDepartures() ? HrImport.Departures.BLOCK : HrImport.Departures.KEEP;
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                execute(
                    "INSERT INTO import_job (id, file_name, mode, departures, status, phase,"
                        + " started_at) VALUES (?, ?, ?, ?, 'RUNNING', 'ouverture', ?)",
                    id,
                    request.fileName(),
                    mode.name(),
                    departures.name(),
                    Timestamp.from(clock.instant())));
    try {
      HrExtract extract = HrExtract.open(file);
      HrImport.Options options =
          new HrImport.Options(
              mode,
              departures,
              config.maxDepartureRatio(),
              config.bulkLoadMinRows(),
              "import:" + id);
      HrImport engine = new HrImport(clock, random, academie.mailDomain());
      QuarkusTransaction.requiringNew()
          .timeout((int) config.timeout().toSeconds())
          .run(
              () -> {
                try (Connection connection = dataSource.getConnection()) {
                  ImportReport report =
                      engine.run(
                          connection,
                          extract,
                          options,
                          (phase, rows) -> {
                            listener.progress(phase, rows);
                            QuarkusTransaction.requiringNew()
                                .run(
                                    () ->
                                        execute(
                                            "UPDATE import_job SET phase = ?, rows_read = ?"
                                                + " WHERE id = ?",
                                            phase,
                                            rows,
                                            id));
                          });
                  listener.progress("rapport", report.rowsRead());
                  finish(connection, id, report);
                  listener.progress("terminé", report.rowsRead());
                } catch (SQLException e) {
                  throw new IllegalStateException("import failed", e);
                }
              });
    } catch (ImportRefused refused) {
      fail(id, refused.problem().code(), refused.problem().detail());
      throw refused;
    } catch (RuntimeException e) {
      SafeErrors.log(LOG, "Import " + id + " failed", e);
      fail(
          id,
          "import-failed",
          "L'import a échoué sur une erreur inattendue ; rien n'a été appliqué.");
      throw e;
    }
    return job(id).orElseThrow();
  }

  private void finish(Connection connection, UUID id, ImportReport report) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE import_job SET status = 'SUCCEEDED', phase = 'terminé', rows_read = ?,"
                + " created = ?, updated = ?, unchanged = ?, rejected = ?, missing = ?,"
                + " departed = ?, finished_at = ?, report = ? WHERE id = ?")) {
      update.setInt(1, report.rowsRead());
      update.setInt(2, report.created());
      update.setInt(3, report.updated());
      update.setInt(4, report.unchanged());
      update.setInt(5, report.rejected());
      update.setInt(6, report.missingCount());
      update.setInt(7, report.departed());
      update.setTimestamp(8, Timestamp.from(clock.instant()));
      update.setBytes(9, report.toGzippedCsv());
      update.setObject(10, id);
      update.executeUpdate();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO import_job_rejection (job_id, line, numen, code, reason)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      for (ImportReport.Rejection rejection :
          report
              .rejections()
              .subList(0, Math.min(REJECTED_IN_SUMMARY, report.rejections().size()))) {
        insert.setObject(1, id);
        insert.setInt(2, rejection.line());
        insert.setString(3, rejection.maskedNumen());
        insert.setString(4, rejection.code());
        insert.setString(5, rejection.reason());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private void fail(UUID id, String code, String detail) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                execute(
                    "UPDATE import_job SET status = 'FAILED', phase = 'échec', failure_code = ?,"
                        + " failure = ?, finished_at = ? WHERE id = ?",
                    code,
                    detail,
                    Timestamp.from(clock.instant()),
                    id));
  }

  public Optional<ImportSummary> job(UUID id) {
    List<ImportSummary> found = jobs("WHERE id = ?", id, true);
    return found.stream().findFirst();
  }

  /** The latest imports, newest first, without their refused rows (see {@link #job}). */
  public List<ImportSummary> recentJobs(int limit) {
    return jobs("ORDER BY started_at DESC LIMIT ?", limit, false);
  }

  /** The per-row report of a finished import, as CSV (UTF-8). */
  public Optional<InputStream> report(UUID id) {
    return QuarkusTransaction.joiningExisting()
        .call(
            () -> {
              try (Connection connection = dataSource.getConnection();
                  PreparedStatement select =
                      connection.prepareStatement("SELECT report FROM import_job WHERE id = ?")) {
                select.setObject(1, id);
                try (ResultSet rows = select.executeQuery()) {
                  byte[] report = rows.next() ? rows.getBytes(1) : null;
                  if (report == null) {
                    return Optional.<InputStream>empty();
                  }
                  return Optional.<InputStream>of(
                      new GZIPInputStream(new ByteArrayInputStream(report)));
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /** Jobs; their first refused rows only when asked (one job), not for a whole list. */
  private List<ImportSummary> jobs(String where, Object parameter, boolean withRejections) {
    return QuarkusTransaction.joiningExisting()
        .call(
            () -> {
              List<ImportSummary> result = new ArrayList<>();
              try (Connection connection = dataSource.getConnection();
                  PreparedStatement select =
                      connection.prepareStatement(
                          "SELECT id, file_name, mode, departures, status, phase, rows_read,"
                              + " created, updated, unchanged, rejected, missing, departed,"
                              + " failure_code, failure, started_at, finished_at FROM import_job "
                              + where)) {
                select.setObject(1, parameter);
                try (ResultSet rows = select.executeQuery()) {
                  while (rows.next()) {
                    UUID id = rows.getObject(1, UUID.class);
                    result.add(
                        new ImportSummary(
                            id,
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getString(6),
                            rows.getInt(7),
                            rows.getInt(8),
                            rows.getInt(9),
                            rows.getInt(10),
                            rows.getInt(11),
                            rows.getInt(12),
                            rows.getInt(13),
                            rows.getString(14),
                            rows.getString(15),
                            instant(rows.getTimestamp(16)),
                            instant(rows.getTimestamp(17)),
                            withRejections ? rejections(connection, id) : List.of()));
                  }
                }
              }
              return result;
            });
  }

  private static List<ImportSummary.RejectedRow> rejections(Connection connection, UUID id)
      throws SQLException {
    List<ImportSummary.RejectedRow> rows = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT line, numen, code, reason FROM import_job_rejection WHERE job_id = ?"
                + " ORDER BY line")) {
      select.setObject(1, id);
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows.add(
              new ImportSummary.RejectedRow(
                  result.getInt(1), result.getString(2), result.getString(3), result.getString(4)));
        }
      }
    }
    return rows;
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private void execute(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("import job bookkeeping failed", e);
    }
  }
}
