package fr.sesame.directory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.util.Map;
import java.util.Optional;

/** The académie this deployment serves. Synchronised into the database at every start. */
@ConfigMapping(prefix = "sesame.academie")
public interface AcademieConfig {

  /** Two-digit code of the académie, e.g. 11 for Montpellier. */
  String code();

  /** Name shown on the pages and in messages, e.g. "Académie de Montpellier". */
  String name();

  /** Domain of the académie addresses, e.g. ac-montpellier.fr. */
  String mailDomain();

  /** The départements, keyed by their code (34, 2A, 971…). */
  Map<String, Departement> departements();

  /** A département and the DSDEN that runs it. */
  interface Departement {

    /** Name of the département, e.g. Hérault. */
    String name();

    /** Name of its DSDEN, e.g. "DSDEN de l'Hérault". */
    String dsden();

    /** Staff-service contacts of the DSDEN, keyed by category (premier-degre, atss…). */
    Map<String, Contact> contacts();
  }

  /** A DSDEN service that staff of one category can reach. */
  interface Contact {

    /** Name of the service. */
    String service();

    /** Its e-mail address. */
    Optional<String> email();

    /** Its phone number, as people should dial it. */
    Optional<String> phone();

    /** When it answers. */
    @WithName("hours")
    Optional<String> hours();
  }
}
