package fr.sesame.credentials;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator.BlockPool;

/**
 * Runs password hashes, at most one per core at a time. Each Argon2id hash takes 19 MiB and tens of
 * milliseconds of one core; without a bound, a login flood would queue hashes without end and run
 * the service out of memory. A request that finds no free slot within the configured wait is
 * refused with 503 and Retry-After ({@link HashingSaturated}): excess load is shed, not queued.
 * Slots are granted in arrival order.
 *
 * <p>Each slot owns the memory blocks of one hash ({@link SlotMemory}), allocated at start and kept
 * between hashes, wiped by the generator after each use. Without them every hash would leave 19 MiB
 * of small objects to the garbage collector: under a login flood the collector would take a large
 * share of the cores that the hashes need, or the heap would have to grow to gigabytes. Allocated
 * at start rather than at the first login, the memory reaches the old generation before any
 * request, in one full collection ({@link SlotMemory#forSlots}), instead of being copied by the
 * young collections of the first logins.
 */
@ApplicationScoped
@Startup
public class HashingPool {

  private final int slotCount;
  private final Semaphore slots;
  private final BlockingQueue<SlotMemory> memories;
  private final long maxWaitNanos;
  private final int retryAfterSeconds;

  HashingPool(PasswordConfig config, MeterRegistry registry) {
    int threads = config.hashing().threads().orElse(Runtime.getRuntime().availableProcessors());
    if (threads < 1) {
      throw new IllegalArgumentException("sesame.password.hashing.threads must be at least 1");
    }
    this.slotCount = threads;
    this.slots = new Semaphore(threads, true);
    // Room for a hash at today's cost; a bigger old hash borrows extra blocks, then drops them.
    this.memories =
        new ArrayBlockingQueue<>(
            threads, false, SlotMemory.forSlots(threads, config.argon2().memoryKib()));
    this.maxWaitNanos = config.hashing().maxWait().toNanos();
    this.retryAfterSeconds = config.hashing().retryAfterSeconds();
    registry.gauge("sesame.password.hashing.waiting", slots, Semaphore::getQueueLength);
  }

  /** How many hashes may run at once. */
  public int slots() {
    return slotCount;
  }

  /**
   * Runs {@code hash} in a slot, with the slot's memory blocks, or throws {@link HashingSaturated}
   * when none frees in time.
   */
  <T> T run(Function<BlockPool, T> hash) {
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
    // A permit guarantees free memory: there are as many of them as permits.
    SlotMemory memory = memories.remove();
    try {
      return hash.apply(memory);
    } finally {
      memory.reclaim();
      memories.add(memory);
      slots.release();
    }
  }
}
