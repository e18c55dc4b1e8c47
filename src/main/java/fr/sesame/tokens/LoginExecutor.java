package fr.sesame.tokens;

import fr.sesame.credentials.HashingPool;
import fr.sesame.credentials.PasswordConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs the password grants on threads of their own, two per hashing slot (one hashes while the
 * other reads or writes the database), behind a bounded queue. A grant that finds the queue full,
 * or that waited in it longer than the hashing wait, is answered 503 with Retry-After.
 *
 * <p>On the shared worker threads, a login flood would hold every one of them waiting for a hashing
 * slot, and refreshes, introspection and pages would queue behind it; and the worker pool would
 * have to be large, which on two cores costs the refresh its latency. Here the flood waits as
 * requests in a queue, and the worker threads stay free.
 */
@ApplicationScoped
public class LoginExecutor {

  private final ThreadPoolExecutor threads;
  private final long maxWaitNanos;
  private final int retryAfterSeconds;
  private final LongSupplier ticker;

  @Inject
  LoginExecutor(PasswordConfig config, HashingPool hashing, MeterRegistry registry) {
    this(
        2 * hashing.slots(),
        config.hashing().queue(),
        config.hashing().maxWait().toNanos(),
        config.hashing().retryAfterSeconds(),
        System::nanoTime);
    registry.gauge("sesame.login.queued", threads, pool -> pool.getQueue().size());
  }

  LoginExecutor(
      int threadCount, int queue, long maxWaitNanos, int retryAfterSeconds, LongSupplier ticker) {
    this.threads =
        new ThreadPoolExecutor(
            threadCount,
            threadCount,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            named("sesame-login-"),
            new ThreadPoolExecutor.AbortPolicy());
    this.maxWaitNanos = maxWaitNanos;
    this.retryAfterSeconds = retryAfterSeconds;
    this.ticker = ticker;
  }

  /** The grant's answer, or a failure with the grant's error or with 503 when saturated. */
  <T> CompletionStage<T> submit(Supplier<T> grant) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    long queued = ticker.getAsLong();
    try {
      threads.execute(
          () -> {
            if (ticker.getAsLong() - queued > maxWaitNanos) {
              answer.completeExceptionally(OAuthError.temporarilyUnavailable(retryAfterSeconds));
              return;
            }
            try {
              answer.complete(grant.get());
            } catch (RuntimeException | Error e) {
              answer.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException full) {
      answer.completeExceptionally(OAuthError.temporarilyUnavailable(retryAfterSeconds));
    }
    return answer;
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Lets the grants under way finish (they take well under a second), then stops. */
  @PreDestroy
  void stop() {
    threads.shutdown();
    try {
      if (!threads.awaitTermination(2, TimeUnit.SECONDS)) {
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
