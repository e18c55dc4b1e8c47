package fr.sesame.demo;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.credentials.CredentialService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The dev run's demo directory: generated staff plus the README's people, one per state. */
@QuarkusTest
@TestProfile(DemoDataTest.WithDemo.class)
class DemoDataTest {

  public static class WithDemo implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sesame.embedded-postgres.database", "demo",
          "sesame.demo.enabled", "true",
          "sesame.demo.staff", "500",
          // As in the dev run: the académie's first administrator, named by configuration.
          "sesame.admin.bootstrap-login", "tgirard");
    }
  }

  @Inject DataSource dataSource;

  @Inject CredentialService credentials;

  @Test
  void loadsGeneratedStaffAndTheReadmePeopleInEveryState() throws SQLException {
    assertThat(scalar("SELECT count(*) FROM staff", null))
        .isEqualTo(String.valueOf(500 + DemoData.PEOPLE.size()));
    assertThat(scalar("SELECT count(DISTINCT departement_code) FROM staff", null)).isEqualTo("5");
    assertThat(scalar("SELECT count(*) FROM staff WHERE login ~ '[0-9]$'", null))
        .as("homonyms among generated staff")
        .isNotEqualTo("0");
    for (DemoData.DemoPerson person : DemoData.PEOPLE) {
      assertThat(scalar("SELECT state FROM staff WHERE numen = ?", person.numen()))
          .isEqualTo(person.state());
    }
    assertThat(scalar("SELECT login FROM staff WHERE numen = ?", "30E1500002BBB"))
        .isEqualTo("tgirard");
    assertThat(scalar("SELECT login FROM staff WHERE numen = ?", "34E1600003BBC"))
        .startsWith("tgirard");
    assertThat(scalar("SELECT login FROM staff WHERE numen = ?", "48G1900005EEE"))
        .isEqualTo("andiaye");
  }

  @Test
  void namesTheFirstAdministratorFromConfigurationOnceTheDirectoryIsThere() throws SQLException {
    assertThat(
            scalar(
                "SELECT r.role FROM admin_role r JOIN staff s ON s.id = r.staff_id"
                    + " WHERE s.login = ?",
                "tgirard"))
        .isEqualTo("academie-admin");
    assertThat(scalar("SELECT count(*) FROM admin_role", null)).isEqualTo("1");
  }

  private String scalar(String sql, String parameter) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      if (parameter != null) {
        select.setString(1, parameter);
      }
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }
}
