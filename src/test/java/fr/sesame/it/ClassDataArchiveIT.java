package fr.sesame.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.support.ClassDataArchive;
import fr.sesame.support.JarProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The class-data archive the build writes next to the jar fits the jar: with {@code -Xshare:on} the
 * JVM refuses to start on an archive it cannot map, and the service's own classes come from it.
 */
class ClassDataArchiveIT {

  @Test
  void theJarStartsFromItsArchive() throws IOException, InterruptedException {
    Path archive = ClassDataArchive.of(JarProcess.JAR);
    assertThat(archive).isRegularFile();
    Path classes = Files.createTempFile("sesame-class-load", ".log");
    // No database: the jar stops early with its own exit code, after its configuration loaded.
    Process process =
        JarProcess.withoutDatabase(
                "-Xshare:on",
                "-XX:SharedArchiveFile=" + archive,
                "-Xlog:class+load=info:file=" + classes)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as("exit code of the jar, not of a refused archive")
        .isEqualTo(78);
    List<String> loaded = Files.readAllLines(classes, StandardCharsets.UTF_8);
    assertThat(loaded)
        .filteredOn(line -> line.contains(" fr.sesame.") && line.contains("shared objects file"))
        .isNotEmpty();
    assertThat(loaded)
        .filteredOn(line -> line.contains(" io.quarkus.") && line.contains("shared objects file"))
        .hasSizeGreaterThan(500);
  }
}
