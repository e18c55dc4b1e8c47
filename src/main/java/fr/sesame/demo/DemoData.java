package fr.sesame.demo;

import fr.sesame.credentials.CredentialService;
import fr.sesame.directory.DirectoryService;
import fr.sesame.directory.ImportService;
import fr.sesame.directory.ImportSummary;
import fr.sesame.directory.NewStaff;
import fr.sesame.directory.StaffView;
import fr.sesame.directory.SyntheticStaff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Fills an empty directory for the dev run: the demo people of the README, one per account state
 * (first, so that they get the logins the README shows), then a few thousand made-up staff through
 * the real HR import. Off unless {@code sesame.demo.enabled} (the dev profile sets it); it never
 * runs on a directory that has anyone in it.
 */
@ApplicationScoped
class DemoData {

  private static final Logger LOG = Logger.getLogger(DemoData.class);

  /** The people of the README's demo table. Their NUMENs are made up. */
  record DemoPerson(
      String numen,
      String familyName,
      String firstName,
      String birthDate,
      String category,
      String departement,
      String state,
      String blockReason,
      String password,
      String recoveryEmail,
      String recoveryMobile) {}

  static final List<DemoPerson> PEOPLE =
      List.of(
          new DemoPerson(
              "34G1800001AAA",
              "Fontaine",
              "Lucie",
              "1990-03-12",
              "1D",
              "34",
              "PENDING",
              null,
              null,
              null,
              null),
          new DemoPerson(
              "30E1500002BBB",
              "Girard",
              "Thomas",
              "1985-11-05",
              "2D",
              "30",
              "ACTIVE",
              null,
              "Garrigue-Soleil-2026",
              "thomas.girard.perso@exemple.fr",
              "+33612345678"),
          new DemoPerson(
              "34E1600003BBC",
              "Girard",
              "Théo",
              "1992-06-21",
              "2D",
              "34",
              "ACTIVE",
              null,
              "Cigale&Platane-4817",
              null,
              null),
          new DemoPerson(
              "11A1200003CCC",
              "Benali",
              "Nadia",
              "1978-01-30",
              "ATSS",
              "11",
              "BLOCKED",
              "COMPROMISED",
              "Tramontane-Vent-3150",
              "nadia.benali.perso@exemple.fr",
              null),
          new DemoPerson(
              "66P1000004DDD",
              "Roussel",
              "Paul",
              "1969-09-09",
              "PRIVE",
              "66",
              "DELETED",
              null,
              null,
              null,
              null),
          new DemoPerson(
              "48G1900005EEE",
              "N'Diaye",
              "Awa",
              "1995-05-17",
              "1D",
              "48",
              "PENDING",
              null,
              null,
              null,
              null));

  private final boolean enabled;
  private final int syntheticCount;
  private final ImportService imports;
  private final DirectoryService directory;
  private final CredentialService credentials;
  private final DataSource dataSource;
  private final Clock clock;

  DemoData(
      @ConfigProperty(name = "sesame.demo.enabled", defaultValue = "false") boolean enabled,
      @ConfigProperty(name = "sesame.demo.staff", defaultValue = "3000") int syntheticCount,
      ImportService imports,
      DirectoryService directory,
      CredentialService credentials,
      DataSource dataSource,
      Clock clock) {
    this.enabled = enabled;
    this.syntheticCount = syntheticCount;
    this.imports = imports;
    this.directory = directory;
    this.credentials = credentials;
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /** After the reference data (observers default to priority 2500), so départements exist. */
  void load(@Observes @Priority(3000) StartupEvent event) {
    if (!enabled || !directoryIsEmpty()) {
      return;
    }
    Path file = null;
    try {
      file = Files.createTempFile("sesame-demo-", ".csv");
      List<String> departements = departements();
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        new SyntheticStaff(2026, departements, 300).write(out, syntheticCount);
      }
      for (DemoPerson person : PEOPLE) {
        StaffView created =
            directory.create(
                new NewStaff(
                    person.numen(),
                    person.familyName(),
                    person.firstName(),
                    person.birthDate(),
                    person.category(),
                    person.departement(),
                    null,
                    null,
                    null,
                    null));
        if (person.password() != null) {
          credentials.setPassword(created.id(), person.password());
        }
        if (!"PENDING".equals(person.state())) {
          setState(created.id(), person.state(), person.blockReason());
        }
        contact(created.id(), "EMAIL", person.recoveryEmail());
        contact(created.id(), "SMS", person.recoveryMobile());
      }
      ImportSummary summary =
          imports.importFile(
              file, new ImportService.Request("demo.csv", false, false), (phase, rows) -> {});
      LOG.infof(
          "Demo directory loaded: %d made-up staff and %d demo people (see README).",
          summary.created(), PEOPLE.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        file.toFile().delete();
      }
    }
  }

  private boolean directoryIsEmpty() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              try (Connection connection = dataSource.getConnection();
                  Statement statement = connection.createStatement();
                  ResultSet rows =
                      statement.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM staff)")) {
                rows.next();
                return rows.getBoolean(1);
              }
            });
  }

  private List<String> departements() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<String> codes = new ArrayList<>();
              try (Connection connection = dataSource.getConnection();
                  Statement statement = connection.createStatement();
                  ResultSet rows =
                      statement.executeQuery("SELECT code FROM departement ORDER BY code")) {
                while (rows.next()) {
                  codes.add(rows.getString(1));
                }
              }
              return codes;
            });
  }

  /** A verified recovery contact, so that the reset journeys have somewhere to send codes. */
  private void contact(UUID id, String channel, String value) {
    if (value == null) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO recovery_contact (staff_id, channel, value, verified_at)"
                    + " VALUES (?, ?, ?, ?)")) {
      insert.setObject(1, id);
      insert.setString(2, channel);
      insert.setString(3, value);
      insert.setTimestamp(4, Timestamp.from(clock.instant()));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("demo contact not stored", e);
    }
  }

  private void setState(UUID id, String state, String reason) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              try (Connection connection = dataSource.getConnection();
                  PreparedStatement update =
                      connection.prepareStatement(
                          "UPDATE staff SET state = ?, block_reason = ?, updated_at = ?,"
                              + " deleted_at = ? WHERE id = ?");
                  PreparedStatement history =
                      connection.prepareStatement(
                          "INSERT INTO account_state_change (staff_id, from_state, to_state, reason,"
                              + " actor, changed_at) VALUES (?, 'PENDING', ?, ?, 'demo', ?)")) {
                Timestamp now = Timestamp.from(clock.instant());
                update.setString(1, state);
                update.setString(2, reason);
                update.setTimestamp(3, now);
                update.setTimestamp(4, "DELETED".equals(state) ? now : null);
                update.setObject(5, id);
                update.executeUpdate();
                history.setObject(1, id);
                history.setString(2, state);
                history.setString(3, reason);
                history.setTimestamp(4, now);
                history.executeUpdate();
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
  }
}
