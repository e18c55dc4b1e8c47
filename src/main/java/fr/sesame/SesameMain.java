package fr.sesame;

import fr.sesame.admin.AdminCommand;
import fr.sesame.directory.ImportCommand;
import fr.sesame.platform.RequestHygiene;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * Starts the service, or runs one command and exits:
 *
 * <pre>
 * java -jar quarkus-run.jar import FILE.csv [--full] [--block-departures]
 * java -jar quarkus-run.jar grant-admin LOGIN [ROLE [DEPARTEMENT]]
 * </pre>
 */
@QuarkusMain
public class SesameMain implements QuarkusApplication {

  @Inject ImportCommand importCommand;
  @Inject AdminCommand adminCommand;

  public static void main(String... args) {
    // Quarkus refuses a request whose URI does not parse with a bare, empty 400, before any
    // route: RequestHygiene makes the same check first on the public port and answers in the
    // API's shape. Read once, when the HTTP layer loads.
    System.setProperty(RequestHygiene.URI_VALIDATION, "true");
    if (args.length > 0) {
      // A command never serves traffic: no listening on the public port, and the management
      // port on a free one, so that it runs beside a live instance. No scheduled job either
      // (BackgroundJobs): the replicas run them.
      System.setProperty("quarkus.http.host-enabled", "false");
      System.setProperty("quarkus.scheduler.enabled", "false");
      System.setProperty("quarkus.management.port", "0");
      System.setProperty("sesame.demo.enabled", "false");
    }
    Quarkus.run(SesameMain.class, SesameMain::exit, args);
  }

  /**
   * A production start without a database is the most common mistake of a first deployment: say in
   * one line what to set instead of leaving people to read a stack trace.
   */
  private static void exit(int code, Throwable failure) {
    if (failure != null && DatabaseMissing.isCause(failure)) {
      System.err.println(DatabaseMissing.MESSAGE);
      System.exit(78);
    }
    if (failure != null) {
      // Otherwise a failed start would end without a word in the console.
      Throwable root = failure;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      System.err.println(
          "Sésame ne démarre pas : "
              + String.valueOf(root.getMessage()).replaceAll("\\p{Cntrl}", " "));
    }
    System.exit(code);
  }

  @Override
  public int run(String... args) {
    if (args.length == 0) {
      Quarkus.waitForExit();
      return 0;
    }
    if ("import".equals(args[0])) {
      return importCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length));
    }
    if ("grant-admin".equals(args[0])) {
      return adminCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length));
    }
    System.err.println("Commande inconnue : " + args[0] + ". Commandes : import, grant-admin.");
    return 64;
  }
}
