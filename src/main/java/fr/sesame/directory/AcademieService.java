package fr.sesame.directory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Reads the académie, its départements and DSDEN contacts. */
@ApplicationScoped
public class AcademieService {

  private final DataSource dataSource;

  AcademieService(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Transactional
  public AcademieView academie() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      String code;
      String name;
      String domain;
      try (ResultSet rows =
          statement.executeQuery("SELECT code, name, mail_domain FROM academie WHERE id = 1")) {
        rows.next();
        code = rows.getString(1);
        name = rows.getString(2);
        domain = rows.getString(3);
      }
      Map<String, String[]> departements = new LinkedHashMap<>();
      Map<String, List<AcademieView.ContactView>> contacts = new LinkedHashMap<>();
      try (ResultSet rows =
          statement.executeQuery("SELECT code, name, dsden_name FROM departement ORDER BY code")) {
        while (rows.next()) {
          departements.put(rows.getString(1), new String[] {rows.getString(2), rows.getString(3)});
          contacts.put(rows.getString(1), new ArrayList<>());
        }
      }
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT departement_code, category, service, email, phone, hours FROM dsden_contact"
                  + " ORDER BY departement_code, category")) {
        while (rows.next()) {
          contacts
              .get(rows.getString(1))
              .add(
                  new AcademieView.ContactView(
                      rows.getString(2),
                      rows.getString(3),
                      rows.getString(4),
                      rows.getString(5),
                      rows.getString(6)));
        }
      }
      List<AcademieView.DepartementView> list = new ArrayList<>();
      departements.forEach(
          (dept, names) ->
              list.add(
                  new AcademieView.DepartementView(
                      dept, names[0], names[1], List.copyOf(contacts.get(dept)))));
      return new AcademieView(code, name, domain, list);
    } catch (SQLException e) {
      throw new IllegalStateException("reference data unreadable", e);
    }
  }
}
