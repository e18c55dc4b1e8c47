package fr.sesame.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginExecutorTest {

  private static final long MAX_WAIT = TimeUnit.SECONDS.toNanos(1);

  /** The OAuth error a refused grant fails with, or null when it was answered. */
  private static OAuthError refusal(CompletionStage<?> stage) throws InterruptedException {
    try {
      stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return (OAuthError) e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer", e);
    }
  }

  @Test
  void aFullQueueIsAnswered503AtOnceAndTheQueuedOnesAreServed() throws Exception {
    AtomicLong now = new AtomicLong();
    LoginExecutor logins = new LoginExecutor(2, 3, MAX_WAIT, 1, now::get);
    CountDownLatch hashing = new CountDownLatch(1);
    List<CompletionStage<String>> answers = new ArrayList<>();
    // Two grants take the two threads, three wait in the queue, the sixth finds it full.
    for (int i = 0; i < 6; i++) {
      int n = i;
      answers.add(
          logins.submit(
              () -> {
                await(hashing);
                return "grant " + n;
              }));
    }
    OAuthError full = refusal(answers.get(5));
    assertThat(full.status()).isEqualTo(503);
    assertThat(full.headers()).containsEntry("Retry-After", "1");
    hashing.countDown();
    for (int i = 0; i < 5; i++) {
      assertThat(answers.get(i).toCompletableFuture().get(30, TimeUnit.SECONDS))
          .isEqualTo("grant " + i);
    }
    logins.stop();
  }

  @Test
  void aGrantThatWaitedLongerThanTheHashingWaitIsAnswered503() throws Exception {
    AtomicLong now = new AtomicLong();
    LoginExecutor logins = new LoginExecutor(1, 4, MAX_WAIT, 1, now::get);
    CountDownLatch hashing = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    CompletionStage<String> first =
        logins.submit(
            () -> {
              started.countDown();
              await(hashing);
              return "first";
            });
    CompletionStage<String> late = logins.submit(() -> "late");
    await(started);
    // The clock moves past the wait while the second grant is still queued.
    now.addAndGet(MAX_WAIT + 1);
    hashing.countDown();
    assertThat(first.toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(refusal(late).error()).isEqualTo("temporarily_unavailable");
    assertThat(logins.submit(() -> "next").toCompletableFuture().get(30, TimeUnit.SECONDS))
        .isEqualTo("next");
    logins.stop();
  }

  @Test
  void aGrantsOwnErrorIsItsAnswer() throws Exception {
    LoginExecutor logins = new LoginExecutor(1, 1, MAX_WAIT, 1, System::nanoTime);
    CompletionStage<String> refused =
        logins.submit(
            () -> {
              throw OAuthError.invalidGrant();
            });
    assertThat(refusal(refused).error()).isEqualTo("invalid_grant");
    logins.stop();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
