package fr.sesame.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A purge running on one replica makes the others skip that round (advisory lock). */
@QuarkusTest
class OneReplicaTest {

  @Inject OneReplica oneReplica;

  @Test
  void aJobRunningElsewhereIsSkippedAndRunsAgainOnceItEnded() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Boolean> first =
        CompletableFuture.supplyAsync(
            () ->
                oneReplica.run(
                    "test-job",
                    () -> {
                      holding.countDown();
                      try {
                        release.await(30, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
    assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
    // Another connection, as another replica would hold: the lock is taken, the job skipped.
    assertThat(oneReplica.run("test-job", () -> {})).isFalse();
    assertThat(oneReplica.run("other-job", () -> {})).as("other jobs are free").isTrue();
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(oneReplica.run("test-job", () -> {})).isTrue();
    assertThat(OneReplica.key("test-job")).isNotEqualTo(OneReplica.key("other-job"));
  }
}
