package fr.sesame.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * A write of one feature that rides along another feature's statement as one of its WITH queries.
 * PostgreSQL runs every data-modifying WITH query of a statement, referenced or not, as part of
 * that one statement: the writes commit together or not at all, in one round trip, with no
 * transaction to open and close around them. Each feature keeps its own SQL; the statement that
 * carries the writes only places them ({@link #withQueries}) and binds their parameters first
 * ({@link #bind}).
 *
 * <p>The login is why: its audit record and its counter's reset used to take a transaction of their
 * own around the session's opening, three round trips where one does, on the path every login takes
 * while the hashes under way want both cores.
 *
 * @param sql one INSERT, UPDATE or DELETE, with {@code ?} parameters
 * @param parameters bound in order with {@code setObject} (a {@code String[]} as a text array)
 */
public record Alongside(String sql, List<Object> parameters) {

  public Alongside {
    // Copied but not with List.copyOf: a parameter may be null (SQL NULL).
    parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
  }

  public Alongside(String sql, Object... parameters) {
    this(sql, Arrays.asList(parameters));
  }

  /**
   * The WITH queries of {@code writes}, each followed by a comma, to put right after {@code WITH}
   * and before the carrying statement's own queries (whose parameters then come after theirs).
   */
  public static String withQueries(List<Alongside> writes) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < writes.size(); i++) {
      sql.append("alongside_").append(i).append(" AS (").append(writes.get(i).sql()).append("), ");
    }
    return sql.toString();
  }

  /** Binds the parameters of {@code writes} from the first; returns the next parameter's index. */
  public static int bind(PreparedStatement statement, List<Alongside> writes) throws SQLException {
    int index = 1;
    for (Alongside write : writes) {
      for (Object parameter : write.parameters()) {
        statement.setObject(index++, parameter);
      }
    }
    return index;
  }

  /** Runs {@code writes} on their own, in one statement. */
  public static void run(DataSource dataSource, List<Alongside> writes) throws SQLException {
    if (writes.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "WITH " + withQueries(writes) + "done AS (SELECT 1) SELECT 1 FROM done")) {
      bind(statement, writes);
      statement.execute();
    }
  }
}
