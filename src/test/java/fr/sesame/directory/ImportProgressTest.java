package fr.sesame.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A long import shows its progress to everyone while it runs. */
@QuarkusTest
@TestProfile(ImportProgressTest.OwnDatabase.class)
class ImportProgressTest {

  public static class OwnDatabase implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sesame.embedded-postgres.database", "import_progress");
    }
  }

  @Inject ImportService imports;

  @Inject DataSource dataSource;

  @Test
  void otherSessionsSeeThePhaseAndTheRowsReadWhileItRuns() throws Exception {
    Path file = Files.createTempFile("progress-", ".csv");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      new SyntheticStaff(1, List.of("11", "30", "34", "48", "66"), 50).write(out, 120_000);
    }
    List<String> phases = new ArrayList<>();
    List<String> seenByOthers = new ArrayList<>();
    ImportSummary summary =
        imports.importFile(
            file,
            new ImportService.Request("progress.csv", false, false),
            (phase, rows) -> {
              if (!phases.isEmpty() && phases.get(phases.size() - 1).equals("lecture 100000")) {
                // The update of the previous step is committed on its own: another session,
                // outside the import's transaction, sees it now.
                seenByOthers.add(CompletableFuture.supplyAsync(this::runningJob).join());
              }
              phases.add(phase + " " + rows);
            });
    assertThat(phases).contains("lecture 0", "lecture 100000", "terminé 120000");
    // A first load: the counters, then each of the directory's six rebuilt indexes, in turn.
    assertThat(phases)
        .containsSubsequence(
            "lecture 100000",
            "numérotation 120000",
            "index 1/6 120000",
            "index 2/6 120000",
            "index 6/6 120000",
            "rapport 120000",
            "terminé 120000");
    assertThat(seenByOthers).containsExactly("RUNNING lecture 100000");
    assertThat(summary.status()).isEqualTo("SUCCEEDED");
    assertThat(summary.created()).isEqualTo(120_000);
  }

  private String runningJob() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT status || ' ' || phase || ' ' || rows_read FROM import_job"
                    + " WHERE file_name = 'progress.csv' ORDER BY started_at DESC LIMIT 1");
        ResultSet rows = select.executeQuery()) {
      return rows.next() ? rows.getString(1) : "none";
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
