package fr.sesame.admin;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * {@code java -jar quarkus-run.jar grant-admin LOGIN [ROLE [DEPARTEMENT]]}: gives an administrator
 * role from the command line (the first académie administrator of a new installation, most of all).
 * No password is chosen or shown: the person uses their own.
 */
@ApplicationScoped
public class AdminCommand {

  private final AdminBootstrap bootstrap;

  AdminCommand(AdminBootstrap bootstrap) {
    this.bootstrap = bootstrap;
  }

  public int run(String... args) {
    if (args.length < 1 || args.length > 3) {
      System.err.println(
          "Usage : grant-admin IDENTIFIANT [academie-admin|dsden-admin|support|auditor"
              + " [DÉPARTEMENT]]");
      return 64;
    }
    Optional<Role> role = Role.of(args.length > 1 ? args[1] : "academie-admin");
    String departement = args.length > 2 ? args[2] : null;
    if (role.isEmpty() || (role.get() == Role.DSDEN_ADMIN) != (departement != null)) {
      System.err.println(
          "Rôle invalide : academie-admin, dsden-admin DÉPARTEMENT, support ou auditor.");
      return 64;
    }
    try {
      if (bootstrap.grant(args[0], role.get(), departement, "command-line").isEmpty()) {
        System.err.println("Personne n'a l'identifiant " + args[0] + ".");
        return 65;
      }
    } catch (IllegalStateException e) {
      System.err.println("Département inconnu : " + departement + ".");
      return 65;
    }
    System.out.println(args[0] + " a maintenant le rôle " + role.get().wire() + ".");
    return 0;
  }
}
