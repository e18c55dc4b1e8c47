package fr.sesame.platform;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The work a replica does by itself (scheduled purges and rotations, the courier's drains), which a
 * stop lets finish. Quarkus's scheduler does not wait for a running job, and the database pool and
 * the transaction manager close right after the shutdown event: a purge caught by a stop lost its
 * connection half-way and logged errors. On the shutdown event, new runs are refused and running
 * ones get {@code sesame.jobs.stop-timeout} to end; loops that work in batches ask {@link
 * #stopping()} between two, so that each stops after a committed batch.
 *
 * <p>A command of the packaged jar ({@code import}, {@code grant-admin}) runs none of them: it
 * serves nobody and exits when done, while the replicas do this work. A courier inside a command
 * would send mail from a process about to exit, with whatever mail settings the command was given
 * (often none: only the database's).
 */
@ApplicationScoped
public class BackgroundJobs {

  private static final Logger LOG = Logger.getLogger(BackgroundJobs.class);

  private final Duration stopTimeout;
  private final boolean serving;
  private int running;
  private boolean stopping;

  BackgroundJobs(
      @ConfigProperty(name = "sesame.jobs.stop-timeout", defaultValue = "5s") Duration stopTimeout,
      @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true") boolean serving) {
    this.stopTimeout = stopTimeout;
    this.serving = serving;
  }

  /**
   * Runs {@code job} unless the replica is stopping or the process is a command, in which case it
   * returns {@code skipped}.
   */
  public <T> T call(Callable<T> job, T skipped) throws Exception {
    synchronized (this) {
      if (stopping || !serving) {
        return skipped;
      }
      running++;
    }
    try {
      return job.call();
    } finally {
      synchronized (this) {
        running--;
        notifyAll();
      }
    }
  }

  /** Whether a stop began: a job working in batches ends after the current one. */
  public synchronized boolean stopping() {
    return stopping;
  }

  void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent stop)
      throws InterruptedException {
    stop(stopTimeout);
  }

  /**
   * Refuses new runs and waits for the running ones, {@code timeout} at most; true if all ended.
   */
  synchronized boolean stop(Duration timeout) throws InterruptedException {
    stopping = true;
    if (running == 0) {
      return true;
    }
    LOG.infof("Stopping: waiting for %d background job(s) to finish", running);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (running > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        LOG.warnf("Stopping with %d background job(s) still running after %s", running, timeout);
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    LOG.info("Background jobs finished");
    return true;
  }
}
