package fr.sesame.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundJobsTest {

  private final BackgroundJobs jobs = new BackgroundJobs(Duration.ofSeconds(5), true);
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void aCommandRunsNoJob() throws Exception {
    BackgroundJobs command = new BackgroundJobs(Duration.ofSeconds(5), false);
    AtomicBoolean ran = new AtomicBoolean();
    assertThat(
            command.call(
                () -> {
                  ran.set(true);
                  return "ran";
                },
                "skipped"))
        .isEqualTo("skipped");
    assertThat(ran).isFalse();
    assertThat(jobs.call(() -> "ran", "skipped")).as("the same job in a replica").isEqualTo("ran");
  }

  @Test
  void aStopWaitsForTheRunningJobAndRefusesNewOnes() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    Future<String> job =
        threads.submit(
            () ->
                jobs.call(
                    () -> {
                      started.countDown();
                      release.await();
                      finished.set(true);
                      return "done";
                    },
                    "skipped"));
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    Future<Boolean> stop = threads.submit(() -> jobs.stop(Duration.ofMinutes(1)));
    waitUntil(jobs::stopping);
    assertThat(stop).isNotDone();
    assertThat(jobs.call(() -> "ran", "skipped"))
        .as("a run asked for during the stop")
        .isEqualTo("skipped");

    release.countDown();
    assertThat(stop.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(finished).isTrue();
    assertThat(job.get(30, TimeUnit.SECONDS)).isEqualTo("done");
  }

  @Test
  void aStopWaitsNoLongerThanItsTimeout() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Void> never = new CompletableFuture<>();
    threads.submit(
        () ->
            jobs.call(
                () -> {
                  started.countDown();
                  return never.get();
                },
                null));
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(jobs.stop(Duration.ofMillis(50))).as("the job still runs").isFalse();
  }

  @Test
  void aStopWithNothingRunningReturnsAtOnce() throws Exception {
    assertThat(jobs.call(() -> "ran", "skipped")).isEqualTo("ran");
    assertThat(jobs.stop(Duration.ofDays(1))).isTrue();
    assertThat(jobs.stopping()).isTrue();
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
