package fr.sesame;

import fr.sesame.directory.ImportCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * Starts the service, or runs one command and exits:
 *
 * <pre>java -jar quarkus-run.jar import FILE.csv [--full] [--block-departures]</pre>
 */
@QuarkusMain
public class SesameMain implements QuarkusApplication {

  @Inject ImportCommand importCommand;

  public static void main(String... args) {
    if (args.length > 0) {
      // A command never serves traffic: no listening on the public port, and the management
      // port on a free one, so that it runs beside a live instance.
      System.setProperty("quarkus.http.host-enabled", "false");
      System.setProperty("quarkus.management.port", "0");
      System.setProperty("sesame.demo.enabled", "false");
    }
    Quarkus.run(SesameMain.class, args);
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
    System.err.println("Commande inconnue : " + args[0] + ". Commandes : import.");
    return 64;
  }
}
