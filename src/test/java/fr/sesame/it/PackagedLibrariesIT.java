package fr.sesame.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No library of the packaged application is signed: the JVM would check a digest of every class
 * loaded from a signed jar, which costs about half a second of each start (Bouncy Castle's
 * signature file is 800 kB; application.properties, Packaging).
 */
class PackagedLibrariesIT {

  @Test
  void carriesNoSignedJar() throws IOException {
    Path lib = Path.of("target", "quarkus-app", "lib");
    List<Path> jars;
    try (Stream<Path> files = Files.walk(lib)) {
      jars = files.filter(file -> file.toString().endsWith(".jar")).toList();
    }
    assertThat(jars).anyMatch(jar -> jar.getFileName().toString().contains("bcprov"));
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile(), false)) {
        assertThat(file.stream().map(entry -> entry.getName()))
            .as(jar.getFileName().toString())
            .noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"));
      }
    }
  }
}
