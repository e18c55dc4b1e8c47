package fr.sesame.credentials;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;
import org.jboss.logging.Logger;

/**
 * Tells HotSpot's optimising compiler how to compile Bouncy Castle's Argon2 core, so that every
 * process hashes at the same, faster speed.
 *
 * <p>Left to itself, C2 compiles the block function in one of two ways, depending on which of its
 * methods finishes compiling first, a race between the compiler threads: either {@code
 * FillBlock.applyBlake} with its sixteen round functions inlined (29 ms of CPU per hash at m=19456,
 * t=2 on the bench machine), or {@code applyBlake} calling a separately compiled {@code
 * roundFunction} sixteen times per block (35 ms). One process in four drew the fast form; the form
 * then stays for the life of the process. The directive here forces the fast form: the round
 * function, its synthetic accessor and {@code G} are inlined into {@code applyBlake}, which stays a
 * method of its own rather than being inlined, in turn, into the much larger segment loop.
 *
 * <p>A compiler directive changes how code is compiled, never what it computes. It is added through
 * the JVM's diagnostic command bean before the first hash; on a JVM without that bean the service
 * runs unchanged, as before.
 */
public final class Argon2CompilerHints {

  private static final Logger LOG = Logger.getLogger(Argon2CompilerHints.class);
  private static final String GENERATOR = "org.bouncycastle.crypto.generators.Argon2BytesGenerator";

  /** The directive, in HotSpot's compiler-directive format (JEP 165). */
  static final String DIRECTIVE =
      "[{ match: \""
          + GENERATOR
          + "*::*\", inline: [\"+"
          + GENERATOR
          + "::roundFunction\", \"+"
          + GENERATOR
          + "::access*\", \"+"
          + GENERATOR
          + "::G\", \"-"
          + GENERATOR
          + "$FillBlock::applyBlake\"] }]";

  private static Boolean installed;

  private Argon2CompilerHints() {}

  /**
   * Adds the directive once per process; later calls only say whether it was added. Returns false,
   * after one log line, when this JVM refused it.
   */
  public static synchronized boolean install() {
    if (installed == null) {
      installed = add();
    }
    return installed;
  }

  private static boolean add() {
    Path file = null;
    try {
      file = Files.createTempFile("sesame-argon2-", ".json");
      Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
      Object answer =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "compilerDirectivesAdd",
                  new Object[] {new String[] {file.toString()}},
                  new String[] {String[].class.getName()});
      String text = String.valueOf(answer).strip();
      if (text.startsWith("1 compiler directives added")) {
        LOG.debug("Argon2 compiler directive added");
        return true;
      }
      LOG.infof("The JVM refused the Argon2 compiler directive; hashing runs unchanged: %s", text);
      return false;
    } catch (IOException | JMException | RuntimeException e) {
      LOG.infof("No Argon2 compiler directive on this JVM (%s); hashing runs unchanged", e);
      return false;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          LOG.debugf("Could not delete %s: %s", file, e);
        }
      }
    }
  }
}
