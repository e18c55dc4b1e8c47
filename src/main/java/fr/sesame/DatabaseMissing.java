package fr.sesame;

/** Recognises the failure of a start with no database configured. */
final class DatabaseMissing {

  static final String MESSAGE =
      "Sésame ne démarre pas : aucune base PostgreSQL n'est configurée. Définissez"
          + " QUARKUS_DATASOURCE_JDBC_URL (jdbc:postgresql://hôte:5432/base),"
          + " QUARKUS_DATASOURCE_USERNAME et QUARKUS_DATASOURCE_PASSWORD.";

  private DatabaseMissing() {}

  static boolean isCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null
          && message.contains("quarkus.datasource.jdbc.url")
          && message.contains("deactivated")) {
        return true;
      }
    }
    return false;
  }
}
