package fr.sesame.support;

import fr.sesame.credentials.CredentialService;
import fr.sesame.directory.DirectoryService;
import fr.sesame.directory.NewStaff;
import fr.sesame.directory.StaffView;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Makes people for the token tests: through the directory, then in the state a test needs. */
@ApplicationScoped
public class Accounts {

  public static final String PASSWORD = "Garrigue-Soleil-2026";

  private final DirectoryService directory;
  private final CredentialService credentials;
  private final DataSource dataSource;

  Accounts(DirectoryService directory, CredentialService credentials, DataSource dataSource) {
    this.directory = directory;
    this.credentials = credentials;
    this.dataSource = dataSource;
  }

  /** A person and what they know: their NUMEN and birth date (what administrators never see). */
  public record Person(StaffView staff, String numen, String birthDate) {
    public java.util.UUID id() {
      return staff.id();
    }
  }

  /**
   * A person in {@code state} with their knowledge factor; with {@link #PASSWORD} unless PENDING.
   */
  public Person person(String state, String reason) {
    String numen = TestData.numen();
    StaffView staff =
        directory.create(
            new NewStaff(
                numen,
                TestData.surname("Capdeville"),
                "Lucie",
                "1988-04-17",
                "1D",
                "34",
                null,
                null,
                null,
                null));
    if (!"PENDING".equals(state)) {
      credentials.setPassword(staff.id(), PASSWORD);
      setState(staff, state, reason);
    }
    return new Person(staff, numen, "17/04/1988");
  }

  /** Registers a verified recovery contact for a person. */
  public void contact(StaffView staff, String channel, String value) {
    sql(
        "INSERT INTO recovery_contact (staff_id, channel, value, verified_at) VALUES (?, ?, ?, now())",
        staff.id(),
        channel,
        value);
  }

  /** An ACTIVE person with {@link #PASSWORD}. */
  public StaffView active() {
    return inState("ACTIVE", null);
  }

  /** A person in {@code state} (with {@code reason} when BLOCKED) who has {@link #PASSWORD}. */
  public StaffView inState(String state, String reason) {
    StaffView staff =
        directory.create(
            new NewStaff(
                TestData.numen(),
                TestData.surname("Auriol"),
                "Mireille",
                "1979-06-21",
                "2D",
                "34",
                null,
                null,
                null,
                null));
    credentials.setPassword(staff.id(), PASSWORD);
    setState(staff, state, reason);
    return staff;
  }

  /** An ACTIVE person of {@code departement} with {@code password}. */
  public StaffView activeIn(String departement, String password) {
    StaffView staff =
        directory.create(
            new NewStaff(
                TestData.numen(),
                TestData.surname("Bompard"),
                "Estelle",
                "1975-02-11",
                "ATSS",
                departement,
                null,
                null,
                null,
                null));
    credentials.setPassword(staff.id(), password);
    setState(staff, "ACTIVE", null);
    return staff;
  }

  public void setState(StaffView staff, String state, String reason) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE staff SET state = ?, block_reason = ?,"
                    + " deleted_at = CASE WHEN CAST(? AS text) = 'DELETED' THEN now() END WHERE id = ?")) {
      update.setString(1, state);
      update.setString(2, reason);
      update.setString(3, state);
      update.setObject(4, staff.id());
      update.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs SQL for a test's own setup (an old hash, a counter). */
  public int sql(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public String text(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (java.sql.ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
