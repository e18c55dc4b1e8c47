package fr.sesame.admin;

import fr.sesame.audit.AuditEvent;
import fr.sesame.audit.AuditService;
import fr.sesame.directory.AccountLifecycle;
import fr.sesame.platform.BackgroundJob;
import fr.sesame.platform.BackgroundJobs;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What happens to accounts by itself: a temporary block ends on its date, and a deleted account is
 * purged once its retention period is over (its audit trail pseudonymised in the same transaction).
 * Rows are claimed with FOR UPDATE SKIP LOCKED, so several replicas share the work and never do it
 * twice.
 */
@ApplicationScoped
class LifecycleJobs {

  private static final Logger LOG = Logger.getLogger(LifecycleJobs.class);
  private static final int BATCH = 100;

  private final AccountLifecycle lifecycle;
  private final AuditService audit;
  private final AdminConfig config;
  private final Clock clock;
  private final BackgroundJobs jobs;

  LifecycleJobs(
      AccountLifecycle lifecycle,
      AuditService audit,
      AdminConfig config,
      Clock clock,
      BackgroundJobs jobs) {
    this.lifecycle = lifecycle;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
    this.jobs = jobs;
  }

  @BackgroundJob
  @Scheduled(
      every = "${sesame.admin.lifecycle-every:1m}",
      delayed = "30s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void run() {
    endBlocks();
    purgeDeleted();
  }

  /** Unblocks the accounts whose temporary block ended; returns how many. */
  int endBlocks() {
    return drain(
        () -> lifecycle.endedBlocks(BATCH),
        id -> {
          lifecycle.unblock(id, "system:block-ended");
          audit.record(
              new AuditEvent("ACCOUNT_UNBLOCKED", true, "BLOCK_ENDED", null, id, null), null);
        });
  }

  /** Purges the deleted accounts whose retention period is over; returns how many. */
  int purgeDeleted() {
    int purged =
        drain(
            () ->
                lifecycle.expiredDeletions(clock.instant().minus(config.deletedRetention()), BATCH),
            id -> {
              audit.record(new AuditEvent("ACCOUNT_PURGED", true, null, null, id, null), null);
              audit.pseudonymise(id);
              lifecycle.purge(id);
            });
    if (purged > 0) {
      LOG.infof("%d deleted accounts purged after %s", purged, config.deletedRetention());
    }
    return purged;
  }

  /**
   * Claims batches of due accounts and handles each, one transaction a batch, until none (or until
   * the replica stops: the next run on any replica takes over).
   */
  private int drain(Supplier<List<UUID>> due, Consumer<UUID> handle) {
    int done = 0;
    int batch;
    do {
      batch =
          QuarkusTransaction.requiringNew()
              .call(
                  () -> {
                    List<UUID> claimed = due.get();
                    claimed.forEach(handle);
                    return claimed.size();
                  });
      done += batch;
    } while (batch == BATCH && !jobs.stopping());
    return done;
  }
}
