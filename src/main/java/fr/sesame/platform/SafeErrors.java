package fr.sesame.platform;

import java.sql.SQLException;
import org.jboss.logging.Logger;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Logs unexpected failures without the personal data that database errors carry: PostgreSQL puts
 * the offending values in its messages ("Key (numen)=(11E0712345ABC) already exists"), so a
 * database error is logged by its SQLSTATE, constraint and table only, without message or trace.
 */
public final class SafeErrors {

  private SafeErrors() {}

  public static void log(Logger logger, String what, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        logger.errorf("%s: %s", what, describe(sql));
        return;
      }
    }
    logger.error(what, failure);
  }

  /** SQLSTATE, and the constraint and table when the server names them. */
  static String describe(SQLException sql) {
    StringBuilder out = new StringBuilder("database error, SQLSTATE ").append(sql.getSQLState());
    if (sql instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      if (server.getConstraint() != null) {
        out.append(", constraint ").append(server.getConstraint());
      }
      if (server.getTable() != null) {
        out.append(", table ").append(server.getTable());
      }
    }
    return out.toString();
  }
}
