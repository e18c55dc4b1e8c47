package fr.sesame.admin;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** grant-admin, as the command line runs it (ImportCommandIT runs it from the packaged jar). */
@QuarkusTest
class AdminCommandTest {

  @Inject AdminCommand command;
  @Inject Accounts accounts;

  @Test
  void grantsARoleToAPersonByLoginAndRefusesNonsense() {
    StaffView person = accounts.activeIn("34", Accounts.PASSWORD);
    assertThat(command.run(person.login())).isZero();
    assertThat(accounts.text("SELECT role FROM admin_role WHERE staff_id = ?", person.id()))
        .isEqualTo("academie-admin");
    assertThat(command.run(person.login(), "dsden-admin", "30")).isZero();
    assertThat(
            accounts.text(
                "SELECT departement_code FROM admin_role WHERE staff_id = ?", person.id()))
        .isEqualTo("30");
    assertThat(command.run(person.login(), "dsden-admin", "99")).isEqualTo(65);
    assertThat(command.run("personne-" + person.login())).isEqualTo(65);
    assertThat(command.run(person.login(), "dsden-admin")).isEqualTo(64);
    assertThat(command.run(person.login(), "superuser")).isEqualTo(64);
    assertThat(command.run()).isEqualTo(64);
  }
}
