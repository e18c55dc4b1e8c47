package fr.sesame.directory;

import fr.sesame.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The contacts of each DSDEN's staff services, shown to people whom self-service cannot help.
 * Configuration seeds them; administrators keep them up to date.
 */
@ApplicationScoped
public class DsdenContacts {

  private static final int LONGEST = 200;
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern PHONE = Pattern.compile("^[0-9+ ().-]{6,30}$");

  private final DataSource dataSource;

  DsdenContacts(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Every département (or only {@code onlyCode}), with its contacts. */
  public List<DepartementView> departements(String onlyCode) {
    String sql =
        "SELECT d.code, d.name, d.dsden_name, c.category, c.service, c.email, c.phone, c.hours"
            + " FROM departement d LEFT JOIN dsden_contact c ON c.departement_code = d.code"
            + (onlyCode == null ? "" : " WHERE d.code = ?")
            + " ORDER BY d.code, c.category";
    Map<String, DepartementView> found = new LinkedHashMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      if (onlyCode != null) {
        select.setString(1, onlyCode);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          DepartementView departement =
              found.computeIfAbsent(
                  rows.getString(1),
                  code -> {
                    try {
                      return new DepartementView(
                          code, rows.getString(2), rows.getString(3), new ArrayList<>());
                    } catch (SQLException e) {
                      throw new IllegalStateException(e);
                    }
                  });
          if (rows.getString(4) != null) {
            departement
                .contacts()
                .add(
                    new DepartementView.Contact(
                        rows.getString(4),
                        rows.getString(5),
                        rows.getString(6),
                        rows.getString(7),
                        rows.getString(8)));
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("départements unreadable", e);
    }
    return found.values().stream()
        .map(d -> new DepartementView(d.code(), d.name(), d.dsden(), List.copyOf(d.contacts())))
        .toList();
  }

  /** Sets the contact of one category of staff in one département. */
  @Transactional
  public DepartementView put(
      String departement,
      String categoryName,
      String service,
      String email,
      String phone,
      String hours) {
    if (departements(departement).isEmpty()) {
      throw new ProblemException(
          404, "departement-not-found", "Introuvable", "Aucun département ne porte ce code.");
    }
    Category category =
        Optional.ofNullable(categoryName)
            .flatMap(Category::parse)
            .orElseThrow(
                () ->
                    new ProblemException(
                        400,
                        "invalid-category",
                        "Catégorie inconnue",
                        "La catégorie est PREMIER_DEGRE, SECOND_DEGRE, PRIVE, ATSS ou AUTRE."));
    String cleanService = text(service, "service", true);
    String cleanEmail = text(email, "email", false);
    String cleanPhone = text(phone, "phone", false);
    String cleanHours = text(hours, "hours", false);
    if (cleanEmail == null && cleanPhone == null) {
      throw invalid("Un contact a une adresse électronique ou un téléphone.");
    }
    if (cleanEmail != null && !EMAIL.matcher(cleanEmail).matches()) {
      throw invalid("L'adresse électronique du contact est invalide.");
    }
    if (cleanPhone != null && !PHONE.matcher(cleanPhone).matches()) {
      throw invalid("Le téléphone du contact est invalide.");
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO dsden_contact (departement_code, category, service, email, phone,"
                    + " hours) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (departement_code, category)"
                    + " DO UPDATE SET service = excluded.service, email = excluded.email,"
                    + " phone = excluded.phone, hours = excluded.hours")) {
      upsert.setString(1, departement);
      upsert.setString(2, category.name());
      upsert.setString(3, cleanService);
      upsert.setString(4, cleanEmail);
      upsert.setString(5, cleanPhone);
      upsert.setString(6, cleanHours);
      upsert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("contact not stored", e);
    }
    return departements(departement).get(0);
  }

  private static String text(String value, String field, boolean required) {
    String clean = value == null ? null : value.strip();
    if (clean == null || clean.isEmpty()) {
      if (required) {
        throw invalid("Le champ « " + field + " » est obligatoire.");
      }
      return null;
    }
    if (clean.length() > LONGEST || clean.chars().anyMatch(Character::isISOControl)) {
      throw invalid(
          "Le champ « " + field + " » est trop long ou contient des caractères de contrôle.");
    }
    return clean;
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(400, "invalid-contact", "Contact invalide", detail);
  }
}
