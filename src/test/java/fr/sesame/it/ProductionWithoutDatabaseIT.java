package fr.sesame.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.support.JarProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The production profile never falls back to an embedded database. */
class ProductionWithoutDatabaseIT {

  @Test
  void stopsWithOneLineSayingWhatToSet() throws IOException, InterruptedException {
    assertThat(JarProcess.JAR).exists();
    Path err = Files.createTempFile("sesame-err", ".log");
    Process process =
        JarProcess.withoutDatabase()
            .redirectError(err.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(78);
    String output = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(output.lines().filter(line -> line.contains("QUARKUS_DATASOURCE_JDBC_URL")))
        .hasSize(1);
    assertThat(output).doesNotContain("at io.quarkus");
  }
}
