package fr.sesame.credentials;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs password hashes, at most one per core at a time. Each Argon2id hash takes 19 MiB and tens of
 * milliseconds of one core; without a bound, a login flood would queue hashes without end and run
 * the service out of memory. A request that finds no free slot within the configured wait is
 * refused with 503 and Retry-After ({@link HashingSaturated}): excess load is shed, not queued.
 * Slots are granted in arrival order.
 */
@ApplicationScoped
public class HashingPool {

  private final Semaphore slots;
  private final long maxWaitNanos;
  private final int retryAfterSeconds;

  HashingPool(PasswordConfig config, MeterRegistry registry) {
    int threads = config.hashing().threads().orElse(Runtime.getRuntime().availableProcessors());
    if (threads < 1) {
      throw new IllegalArgumentException("sesame.password.hashing.threads must be at least 1");
    }
    this.slots = new Semaphore(threads, true);
    this.maxWaitNanos = config.hashing().maxWait().toNanos();
    this.retryAfterSeconds = config.hashing().retryAfterSeconds();
    registry.gauge("sesame.password.hashing.waiting", slots, Semaphore::getQueueLength);
  }

  /** Runs {@code hash} in a slot, or throws {@link HashingSaturated} when none frees in time. */
  public <T> T run(Supplier<T> hash) {
    boolean acquired;
    try {
      acquired = slots.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HashingSaturated(retryAfterSeconds);
    }
    if (!acquired) {
      throw new HashingSaturated(retryAfterSeconds);
    }
    try {
      return hash.get();
    } finally {
      slots.release();
    }
  }
}
