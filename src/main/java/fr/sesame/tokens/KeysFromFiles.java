package fr.sesame.tokens;

import fr.sesame.platform.ProblemException;

/** Keys read from files rotate when the files change, not on request. */
final class KeysFromFiles extends ProblemException {

  private static final long serialVersionUID = 1L;

  KeysFromFiles() {
    super(
        409,
        "keys-from-files",
        "Clés lues depuis des fichiers",
        "Les clés de signature viennent de fichiers : remplacez les fichiers pour les changer.");
  }
}
