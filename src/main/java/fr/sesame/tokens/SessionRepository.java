package fr.sesame.tokens;

import fr.sesame.platform.Alongside;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Sessions (refresh-token families), rotated tokens and revoked access tokens, in PostgreSQL. */
@ApplicationScoped
class SessionRepository {

  private static final String CLAIMS =
      "st.id, st.login, st.address, st.family_name, st.first_name, st.departement_code,"
          + " st.mail_quota_mb, (SELECT r.role FROM admin_role r WHERE r.staff_id = st.id),"
          + " (SELECT r.departement_code FROM admin_role r WHERE r.staff_id = st.id)";

  private final DataSource dataSource;

  SessionRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A session found by one of its refresh tokens. */
  record Found(
      UUID id,
      UUID staffId,
      String clientId,
      boolean current,
      boolean usable,
      Instant createdAt,
      Instant expiresAt,
      String login) {}

  /** A session about to be opened, with the digest of its first refresh token. */
  record NewSession(
      UUID id,
      UUID staffId,
      String clientId,
      byte[] tokenHash,
      Instant now,
      Instant expires,
      RequestOrigin origin) {

    /** Binds the nine columns of a session row, in table order, from parameter {@code first}. */
    void bind(PreparedStatement statement, int first) throws SQLException {
      statement.setObject(first, id);
      statement.setObject(first + 1, staffId);
      statement.setString(first + 2, clientId);
      statement.setBytes(first + 3, tokenHash);
      statement.setTimestamp(first + 4, Timestamp.from(now));
      statement.setTimestamp(first + 5, Timestamp.from(now));
      statement.setTimestamp(first + 6, Timestamp.from(expires));
      statement.setString(first + 7, origin.clientAddress());
      statement.setString(first + 8, origin.userAgent());
    }
  }

  private static final String SESSION_COLUMNS =
      "session (id, staff_id, client_id, token_hash, created_at, last_used_at, expires_at,"
          + " client_address, user_agent)";

  void create(NewSession session) {
    update(
        "INSERT INTO " + SESSION_COLUMNS + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> session.bind(statement, 1));
  }

  /** The claims of an account a login opens a session for, and whether the session is open. */
  record Opening(AccountClaims claims, boolean opened) {}

  /**
   * Opens a session for an account that is still {@code ACTIVE} and reads its claims, in one
   * statement (the login's busiest path). With {@code holdAdministrators}, an account that holds an
   * administration role gets its claims but no session yet: its password must first meet the
   * administrators' policy, and then {@link #create} opens it. The login's own {@code writes} (its
   * audit row…) run in the same statement, whether a session opens or not.
   */
  Optional<Opening> open(NewSession session, boolean holdAdministrators, List<Alongside> writes) {
    return query(
        "WITH "
            + Alongside.withQueries(writes)
            + "claims (id, login, address, family_name, first_name, departement_code,"
            + " mail_quota_mb, admin_role, admin_departement) AS (SELECT "
            + CLAIMS
            + " FROM staff st WHERE st.id = ? AND st.state = 'ACTIVE'),"
            + " opened AS (INSERT INTO "
            + SESSION_COLUMNS
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? FROM claims"
            + " WHERE NOT (? AND claims.admin_role IS NOT NULL) RETURNING id)"
            + " SELECT claims.*, EXISTS (SELECT 1 FROM opened) FROM claims",
        statement -> {
          int first = Alongside.bind(statement, writes);
          statement.setObject(first, session.staffId());
          session.bind(statement, first + 1);
          statement.setBoolean(first + 10, holdAdministrators);
        },
        rows ->
            rows.next()
                ? Optional.of(new Opening(claimsFrom(rows, 1), rows.getBoolean(10)))
                : Optional.empty());
  }

  /** A rotated session and the claims of its (still active) account. */
  record Rotation(UUID sessionId, AccountClaims claims) {}

  /**
   * Replaces the session's current token by a new one, if {@code presented} is that current token,
   * the session is alive and belongs to the client, and the account is still {@code ACTIVE}: one
   * conditional UPDATE, so that two uses of one token never both succeed. The old digest is filed
   * for replay detection in the same transaction.
   */
  Optional<Rotation> rotate(
      byte[] presented, byte[] next, String clientId, Instant now, RequestOrigin origin) {
    // One statement, so one implicit transaction and one round trip: the rotation and the filing
    // of the old digest commit together or not at all.
    return query(
        "WITH rotated AS (UPDATE session se SET token_hash = ?, last_used_at = ?,"
            + " client_address = coalesce(?, se.client_address),"
            + " user_agent = coalesce(?, se.user_agent)"
            + " FROM staff st WHERE se.token_hash = ? AND se.client_id = ?"
            + " AND se.revoked_at IS NULL AND se.expires_at > ?"
            + " AND st.id = se.staff_id AND st.state = 'ACTIVE'"
            + " RETURNING se.id AS session_id, "
            + CLAIMS
            + "), filed AS (INSERT INTO rotated_refresh_token (token_hash, session_id, rotated_at)"
            + " SELECT ?, session_id, ? FROM rotated)"
            + " SELECT * FROM rotated",
        statement -> {
          statement.setBytes(1, next);
          statement.setTimestamp(2, Timestamp.from(now));
          statement.setString(3, origin.clientAddress());
          statement.setString(4, origin.userAgent());
          statement.setBytes(5, presented);
          statement.setString(6, clientId);
          statement.setTimestamp(7, Timestamp.from(now));
          statement.setBytes(8, presented);
          statement.setTimestamp(9, Timestamp.from(now));
        },
        rows ->
            rows.next()
                ? Optional.of(new Rotation(rows.getObject(1, UUID.class), claimsFrom(rows, 2)))
                : Optional.empty());
  }

  /** The session a refresh token belongs to, current or rotated away. */
  Optional<Found> findByToken(byte[] hash, Instant now) {
    return query(
        "SELECT se.id, se.staff_id, se.client_id, se.token_hash = ?,"
            + " se.revoked_at IS NULL AND se.expires_at > ? AND st.state = 'ACTIVE',"
            + " se.created_at, se.expires_at, st.login"
            + " FROM session se JOIN staff st ON st.id = se.staff_id"
            + " WHERE se.id = coalesce((SELECT id FROM session WHERE token_hash = ?),"
            + " (SELECT session_id FROM rotated_refresh_token WHERE token_hash = ?))",
        statement -> {
          statement.setBytes(1, hash);
          statement.setTimestamp(2, Timestamp.from(now));
          statement.setBytes(3, hash);
          statement.setBytes(4, hash);
        },
        rows ->
            rows.next()
                ? Optional.of(
                    new Found(
                        rows.getObject(1, UUID.class),
                        rows.getObject(2, UUID.class),
                        rows.getString(3),
                        rows.getBoolean(4),
                        rows.getBoolean(5),
                        rows.getTimestamp(6).toInstant(),
                        rows.getTimestamp(7).toInstant(),
                        rows.getString(8)))
                : Optional.empty());
  }

  /** Ends a session; false when it was already ended. */
  boolean revoke(UUID sessionId, String reason, Instant now) {
    return update(
            "UPDATE session SET revoked_at = ?, revoke_reason = ?"
                + " WHERE id = ? AND revoked_at IS NULL",
            statement -> {
              statement.setTimestamp(1, Timestamp.from(now));
              statement.setString(2, reason);
              statement.setObject(3, sessionId);
            })
        > 0;
  }

  /** Ends one of a person's own sessions; false when it is not theirs or already ended. */
  boolean revokeOwn(UUID staffId, UUID sessionId, String reason, Instant now) {
    return update(
            "UPDATE session SET revoked_at = ?, revoke_reason = ?"
                + " WHERE id = ? AND staff_id = ? AND revoked_at IS NULL AND expires_at > ?",
            statement -> {
              statement.setTimestamp(1, Timestamp.from(now));
              statement.setString(2, reason);
              statement.setObject(3, sessionId);
              statement.setObject(4, staffId);
              statement.setTimestamp(5, Timestamp.from(now));
            })
        > 0;
  }

  /** Ends every live session of a person but {@code keep} (null: all of them). */
  int revokeAll(UUID staffId, UUID keep, String reason, Instant now) {
    return update(
        "UPDATE session SET revoked_at = ?, revoke_reason = ?"
            + " WHERE staff_id = ? AND revoked_at IS NULL AND id IS DISTINCT FROM ?",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(now));
          statement.setString(2, reason);
          statement.setObject(3, staffId);
          statement.setObject(4, keep);
        });
  }

  /**
   * True when an access token's account is {@code ACTIVE}, its session alive, its jti not revoked
   * and (unless keys come from files) its key not withdrawn: one round trip, read at every
   * introspection, so that a block or a logout takes effect at once.
   */
  boolean isLive(VerifiedToken token, boolean checkKey) {
    return query(
        "SELECT 1 FROM staff st JOIN session se ON se.staff_id = st.id"
            + " WHERE st.id = ? AND se.id = ? AND st.state = 'ACTIVE' AND se.revoked_at IS NULL"
            + " AND NOT EXISTS (SELECT 1 FROM revoked_access_token r WHERE r.jti = ?)"
            + " AND (NOT ? OR EXISTS (SELECT 1 FROM signing_key k"
            + " WHERE k.kid = ? AND k.revoked_at IS NULL))",
        statement -> {
          statement.setObject(1, token.subject());
          statement.setObject(2, token.sessionId());
          statement.setObject(3, token.jti());
          statement.setBoolean(4, checkKey);
          statement.setString(5, token.kid());
        },
        ResultSet::next);
  }

  void revokeAccessToken(UUID jti, Instant expiresAt) {
    update(
        "INSERT INTO revoked_access_token (jti, expires_at) VALUES (?, ?)"
            + " ON CONFLICT (jti) DO NOTHING",
        statement -> {
          statement.setObject(1, jti);
          statement.setTimestamp(2, Timestamp.from(expiresAt));
        });
  }

  List<SessionView> live(UUID staffId, UUID current, Instant now) {
    return query(
        "SELECT id, client_id, created_at, last_used_at, expires_at, client_address, user_agent"
            + " FROM session WHERE staff_id = ? AND revoked_at IS NULL AND expires_at > ?"
            + " ORDER BY last_used_at DESC",
        statement -> {
          statement.setObject(1, staffId);
          statement.setTimestamp(2, Timestamp.from(now));
        },
        rows -> {
          List<SessionView> sessions = new ArrayList<>();
          while (rows.next()) {
            UUID id = rows.getObject(1, UUID.class);
            sessions.add(
                new SessionView(
                    id,
                    rows.getString(2),
                    rows.getTimestamp(3).toInstant(),
                    rows.getTimestamp(4).toInstant(),
                    rows.getTimestamp(5).toInstant(),
                    rows.getString(6),
                    rows.getString(7),
                    id.equals(current)));
          }
          return sessions;
        });
  }

  /** Forgets what can no longer be presented: expired sessions and revoked access tokens. */
  int purge(Instant before) {
    int purged =
        update(
            "DELETE FROM revoked_access_token WHERE expires_at < ?",
            statement -> statement.setTimestamp(1, Timestamp.from(before)));
    return purged
        + update(
            "DELETE FROM session WHERE expires_at < ?",
            statement -> statement.setTimestamp(1, Timestamp.from(before)));
  }

  private static AccountClaims claimsFrom(ResultSet rows, int first) throws SQLException {
    return new AccountClaims(
        rows.getObject(first, UUID.class),
        rows.getString(first + 1),
        rows.getString(first + 2),
        rows.getString(first + 3),
        rows.getString(first + 4),
        rows.getString(first + 5),
        rows.getInt(first + 6),
        rows.getString(first + 7),
        rows.getString(first + 8));
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private <T> T query(String sql, Binder binder, Reader<T> reader) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      try (ResultSet rows = statement.executeQuery()) {
        return reader.read(rows);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("sessions not readable", e);
    }
  }

  private int update(String sql, Binder binder) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("sessions not written", e);
    }
  }
}
