package fr.sesame.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.support.ExternalPostgres;
import fr.sesame.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command-line import of the packaged jar. */
@QuarkusMainIntegrationTest
@WithTestResource(ExternalPostgres.class)
class ImportCommandIT {

  @Test
  void importsAFileAndPrintsItsSummary(QuarkusMainLauncher launcher) throws IOException {
    Path file = Files.createTempFile("rh-", ".csv");
    Files.writeString(
        file,
        "numen;nom;prenom;date_naissance;categorie;departement\n"
            + TestData.numen()
            + ";"
            + TestData.surname("Vidal")
            + ";Anaïs;03/03/1983;1D;30\n"
            + "bad;Vidal;Bad;03/03/1983;1D;30\n",
        StandardCharsets.UTF_8);
    LaunchResult result = launcher.launch("import", file.toString());
    assertThat(result.exitCode()).isZero();
    assertThat(result.getOutput()).contains("1 créés").contains("1 rejetés").contains("ligne 3");
    assertThat(result.getOutput()).doesNotContain("bad;");
  }

  @Test
  void refusesAFileThatIsNotCsvWithAReason(QuarkusMainLauncher launcher) throws IOException {
    Path file = Files.createTempFile("rh-", ".csv");
    Files.write(file, new byte[] {0, 1, 2, 3, 0, 0});
    LaunchResult result = launcher.launch("import", file.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.getErrorOutput()).contains("Import refusé");
  }

  /**
   * The packaged jar's grant-admin (each launch gets a database of its own here, so the grant of a
   * real person is AdminCommandTest's): it says who is missing and how it is used.
   */
  @Test
  void grantAdminNamesWhoIsMissingAndItsUsage(QuarkusMainLauncher launcher) {
    LaunchResult missing = launcher.launch("grant-admin", "personne");
    assertThat(missing.exitCode()).isEqualTo(65);
    assertThat(missing.getErrorOutput()).contains("Personne n'a l'identifiant personne");
    LaunchResult usage = launcher.launch("grant-admin", "personne", "dsden-admin");
    assertThat(usage.exitCode()).isEqualTo(64);
    assertThat(usage.getErrorOutput()).contains("Rôle invalide");
  }

  @Test
  void explainsItsUsage(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("import");
    assertThat(result.exitCode()).isEqualTo(64);
    assertThat(result.getErrorOutput()).contains("Usage");
  }
}
