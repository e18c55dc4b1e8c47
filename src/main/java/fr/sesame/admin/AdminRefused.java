package fr.sesame.admin;

import fr.sesame.platform.ProblemException;

/** The refusals every administration call may meet. */
final class AdminRefused {

  private AdminRefused() {}

  static ProblemException unauthenticated() {
    return new ProblemException(
        401,
        "admin-unauthenticated",
        "Authentification requise",
        "Présentez un jeton d'accès d'administration valide (Authorization: Bearer).");
  }

  static ProblemException forbidden() {
    return new ProblemException(
        403, "admin-forbidden", "Action non autorisée", "Votre rôle ne permet pas cette action.");
  }

  static ProblemException noSuchPerson() {
    return new ProblemException(
        404, "staff-not-found", "Introuvable", "Aucune personne ne porte cet identifiant.");
  }
}
