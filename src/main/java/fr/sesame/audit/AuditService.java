package fr.sesame.audit;

import fr.sesame.platform.Alongside;
import fr.sesame.platform.BackgroundJob;
import fr.sesame.platform.SafeErrors;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Records security events, and reads them back for administrators and for the person concerned.
 * Inside a transaction the row commits (or not) with the change it records; outside one (a refused
 * login, a wrong code) it commits on its own, so that a refusal is recorded although the request
 * fails. Rows are never changed (a trigger refuses it), except the pseudonymisation of a purged
 * person, and leave only by the retention purge.
 */
@ApplicationScoped
public class AuditService {

  private static final Logger LOG = Logger.getLogger(AuditService.class);
  private static final int LONGEST_ADDRESS = 64;
  private static final int LONGEST_REASON = 64;
  private static final int LONGEST_USER_AGENT = 256;
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final String COLUMNS =
      "a.id, a.occurred_at, a.event, a.result, a.reason, a.actor_id, a.target_id,"
          + " a.client_address, a.user_agent";

  private final DataSource dataSource;
  private final AuditConfig config;
  private final Clock clock;
  private final fr.sesame.platform.OneReplica oneReplica;

  AuditService(
      DataSource dataSource,
      AuditConfig config,
      Clock clock,
      fr.sesame.platform.OneReplica oneReplica) {
    this.oneReplica = oneReplica;
    this.dataSource = dataSource;
    this.config = config;
    this.clock = clock;
  }

  /** Records an event, with the user agent of the request being served, if any. */
  public void record(AuditEvent event) {
    record(event, currentUserAgent());
  }

  /** Records an event with the user agent the caller read itself (management routes). */
  public void record(AuditEvent event, String userAgent) {
    Alongside row = alongside(event, userAgent);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(row.sql())) {
      Alongside.bind(insert, List.of(row));
      insert.executeUpdate();
    } catch (SQLException e) {
      // Inside a transaction the failure reaches the caller through the rollback; outside one,
      // a lost audit row must not turn a refusal into a 500.
      SafeErrors.log(LOG, "Audit event not recorded: " + event.event(), e);
    }
  }

  /**
   * The row of an event, with the user agent of the request being served, to insert along the write
   * it records, in the same statement ({@link Alongside}): the login's path.
   */
  public Alongside alongside(AuditEvent event) {
    return alongside(event, currentUserAgent());
  }

  /** The row of an event with the user agent the caller read itself, to insert along a write. */
  public Alongside alongside(AuditEvent event, String userAgent) {
    return new Alongside(
        "INSERT INTO audit_event (occurred_at, event, result, reason, actor_id, target_id,"
            + " client_address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        Timestamp.from(clock.instant()),
        event.event(),
        event.success() ? "SUCCESS" : "FAILURE",
        bounded(event.reason(), LONGEST_REASON),
        event.actor(),
        event.target(),
        bounded(event.clientAddress(), LONGEST_ADDRESS),
        bounded(userAgent, LONGEST_USER_AGENT));
  }

  /** One page of events matching {@code query}, newest first, after the row {@code before}. */
  public List<AuditRecord> find(AuditQuery query, Long before, int limit) {
    List<AuditRecord> page = new ArrayList<>();
    select(query, before, limit, page::add);
    return page;
  }

  /** Every event matching {@code query}, newest first, streamed to {@code sink} (the export). */
  public void export(AuditQuery query, Consumer<AuditRecord> sink) {
    select(query, null, Integer.MAX_VALUE, sink);
  }

  /** A person's own recent security events (their account page). */
  public List<AuditRecord> recentFor(UUID staffId, int limit) {
    return find(new AuditQuery(null, null, null, staffId, null, null, null), null, limit);
  }

  /**
   * Replaces a purged person's id by one random pseudonym in every row that names them, in the
   * caller's transaction: the trail still tells that one account did these things, no longer whose.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void pseudonymise(UUID staffId) {
    UUID pseudonym = UUID.randomUUID();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement actor =
            connection.prepareStatement("UPDATE audit_event SET actor_id = ? WHERE actor_id = ?");
        PreparedStatement target =
            connection.prepareStatement(
                "UPDATE audit_event SET target_id = ? WHERE target_id = ?")) {
      for (PreparedStatement update : List.of(actor, target)) {
        update.setObject(1, pseudonym);
        update.setObject(2, staffId);
        update.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("audit not pseudonymised", e);
    }
  }

  @BackgroundJob
  @Scheduled(
      every = "${sesame.audit.purge-every:24h}",
      delayed = "10m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledPurge() {
    oneReplica.run("audit-retention", this::purgeExpired);
  }

  /** Deletes the rows older than the retention period; returns how many. */
  @Transactional
  public int purgeExpired() {
    try (Connection connection = dataSource.getConnection();
        Statement allow = connection.createStatement();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM audit_event WHERE occurred_at < ?")) {
      allow.execute("SET LOCAL sesame.audit_purge = 'on'");
      delete.setTimestamp(1, Timestamp.from(clock.instant().minus(config.retention())));
      int deleted = delete.executeUpdate();
      allow.execute("SET LOCAL sesame.audit_purge = 'off'");
      if (deleted > 0) {
        LOG.infof("Audit retention: %d events older than %s deleted", deleted, config.retention());
      }
      return deleted;
    } catch (SQLException e) {
      throw new IllegalStateException("audit not purged", e);
    }
  }

  private void select(AuditQuery query, Long before, int limit, Consumer<AuditRecord> sink) {
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM audit_event a");
    List<Object> parameters = new ArrayList<>();
    List<String> conditions = new ArrayList<>();
    condition(conditions, parameters, "a.event = ?", query.event());
    condition(conditions, parameters, "a.result = ?", query.result());
    condition(conditions, parameters, "a.actor_id = ?", query.actor());
    condition(conditions, parameters, "a.target_id = ?", query.target());
    condition(
        conditions,
        parameters,
        "a.occurred_at >= ?",
        query.from() == null ? null : Timestamp.from(query.from()));
    condition(
        conditions,
        parameters,
        "a.occurred_at < ?",
        query.to() == null ? null : Timestamp.from(query.to()));
    condition(
        conditions,
        parameters,
        "a.target_id IN (SELECT s.id FROM staff s WHERE s.departement_code = ?)",
        query.departement());
    condition(conditions, parameters, "a.id < ?", before);
    if (!conditions.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", conditions));
    }
    sql.append(" ORDER BY a.id DESC");
    if (limit != Integer.MAX_VALUE) {
      sql.append(" LIMIT ").append(limit);
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql.toString())) {
      // The export streams: PostgreSQL sends rows by batches inside the transaction.
      boolean streaming = limit == Integer.MAX_VALUE && connection.getAutoCommit();
      if (streaming) {
        connection.setAutoCommit(false);
      }
      select.setFetchSize(500);
      for (int i = 0; i < parameters.size(); i++) {
        select.setObject(i + 1, parameters.get(i));
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          sink.accept(
              new AuditRecord(
                  rows.getLong(1),
                  rows.getTimestamp(2).toInstant(),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getObject(6, UUID.class),
                  rows.getObject(7, UUID.class),
                  rows.getString(8),
                  rows.getString(9)));
        }
      } finally {
        if (streaming) {
          connection.rollback();
          connection.setAutoCommit(true);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("audit unreadable", e);
    }
  }

  private static void condition(
      List<String> conditions, List<Object> parameters, String sql, Object value) {
    if (value != null) {
      conditions.add(sql);
      parameters.add(value);
    }
  }

  private static String currentUserAgent() {
    ManagedContext requestContext = Arc.container().requestContext();
    if (!requestContext.isActive()) {
      return null;
    }
    CurrentVertxRequest current = Arc.container().instance(CurrentVertxRequest.class).get();
    RoutingContext context = current == null ? null : current.getCurrent();
    return context == null ? null : context.request().getHeader("User-Agent");
  }

  private static String bounded(String value, int longest) {
    if (value == null) {
      return null;
    }
    // Compiled once: every login records an event, and String.replaceAll compiles at each call.
    String clean = CONTROL.matcher(value).replaceAll("?");
    return clean.length() > longest ? clean.substring(0, longest) : clean;
  }
}
