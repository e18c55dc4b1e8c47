package fr.sesame.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the packaged jar's class-data archive (AppCDS), run by the build right after packaging:
 * the jar is started once on a throwaway embedded PostgreSQL until it serves its keys, then
 * stopped, and the JVM saves every class it loaded, already parsed and verified, in {@code
 * app-cds.jsa} next to the jar. A start with {@code -XX:SharedArchiveFile} maps them instead of
 * loading them again: the main thread of a start is mostly class loading. Quarkus's own archive
 * ({@code quarkus.package.jar.appcds.enabled}) stops before the runtime start (database, Flyway,
 * HTTP server), so it is half the size and measured no gain here.
 *
 * <p>An archive only fits the JVM build that wrote it: another JVM says so in one warning line and
 * starts without it.
 */
public final class ClassDataArchive {

  private ClassDataArchive() {}

  /**
   * The JVM option that starts {@code jar} from the archive next to it, as the README starts the
   * jar; none when the build wrote no archive.
   */
  public static List<String> option(Path jar) {
    Path archive = of(jar);
    return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
  }

  /** Where the build writes the archive of {@code jar}. */
  public static Path of(Path jar) {
    return jar.resolveSibling("app-cds.jsa");
  }

  public static void main(String[] args) throws Exception {
    Path archive = of(JarProcess.JAR).toAbsolutePath();
    // Deleted first, also so that the training start below does not start from the old one.
    Files.deleteIfExists(archive);
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        JarProcess jar =
            JarProcess.start(
                    postgres.getJdbcUrl("postgres", "postgres"),
                    JarProcess.freePort(),
                    Map.of(),
                    List.of("-XX:ArchiveClassesAtExit=" + archive))
                .awaitReady()) {
      System.out.println("[cds] the jar started; stopping it to write " + archive);
    }
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("the JVM wrote no class-data archive at " + archive);
    }
    System.out.printf("[cds] %s: %d MB%n", archive, Files.size(archive) >> 20);
  }
}
