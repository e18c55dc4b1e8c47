package fr.sesame.directory;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Writes the académie, its départements and the DSDEN contacts from configuration into the database
 * at start-up, so that queries can join them and the configuration stays the only place they are
 * edited. Refuses to start on a value the pages could not use.
 */
@ApplicationScoped
class ReferenceData {

  private final AcademieConfig config;
  private final DataSource dataSource;

  ReferenceData(AcademieConfig config, DataSource dataSource) {
    this.config = config;
    this.dataSource = dataSource;
  }

  @Transactional
  void synchronise(@Observes StartupEvent event) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement upsert =
          connection.prepareStatement(
              """
              INSERT INTO academie (id, code, name, mail_domain) VALUES (1, ?, ?, ?)
              ON CONFLICT (id) DO UPDATE
                SET code = excluded.code, name = excluded.name, mail_domain = excluded.mail_domain
              """)) {
        upsert.setString(1, config.code());
        upsert.setString(2, config.name());
        upsert.setString(3, config.mailDomain().toLowerCase(Locale.ROOT));
        upsert.executeUpdate();
      }
      for (Map.Entry<String, AcademieConfig.Departement> entry : config.departements().entrySet()) {
        String code =
            Departements.normalise(entry.getKey())
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "sesame.academie.departements: '"
                                + entry.getKey()
                                + "' is not a département code (34, 2A, 971…)"));
        upsertDepartement(connection, code, entry.getValue());
      }
    }
  }

  private static void upsertDepartement(
      Connection connection, String code, AcademieConfig.Departement departement)
      throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            """
            INSERT INTO departement (code, name, dsden_name) VALUES (?, ?, ?)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, dsden_name = excluded.dsden_name
            """)) {
      upsert.setString(1, code);
      upsert.setString(2, departement.name());
      upsert.setString(3, departement.dsden());
      upsert.executeUpdate();
    }
    // Configuration seeds a département's contacts; once there, administrators keep them up to date
    // through the administration API, and a restart never overwrites their changes.
    try (PreparedStatement existing =
        connection.prepareStatement("SELECT 1 FROM dsden_contact WHERE departement_code = ?")) {
      existing.setString(1, code);
      try (var rows = existing.executeQuery()) {
        if (rows.next()) {
          return;
        }
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO dsden_contact (departement_code, category, service, email, phone, hours)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      for (Map.Entry<String, AcademieConfig.Contact> contact : departement.contacts().entrySet()) {
        Category category =
            Category.parse(contact.getKey())
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "sesame.academie.departements."
                                + code
                                + ".contacts: unknown category '"
                                + contact.getKey()
                                + "'"));
        AcademieConfig.Contact value = contact.getValue();
        insert.setString(1, code);
        insert.setString(2, category.name());
        insert.setString(3, value.service());
        insert.setString(4, value.email().orElse(null));
        insert.setString(5, value.phone().orElse(null));
        insert.setString(6, value.hours().orElse(null));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
