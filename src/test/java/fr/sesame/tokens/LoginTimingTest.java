package fr.sesame.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An unknown login and a wrong password cost the same: both run one Argon2id hash with the same
 * parameters and the same counter work. Compared as distributions (medians and quartiles of
 * interleaved samples) with generous bounds, never against a fixed time, so a slow or busy machine
 * cannot make it flaky, while a missing dummy hash (a difference of one whole hash) always shows.
 */
@QuarkusTest
class LoginTimingTest {

  private static final int SAMPLES = 40;

  @Inject Accounts accounts;

  @Test
  void unknownLoginAndWrongPasswordTakeTheSameTime() {
    List<StaffView> people = new ArrayList<>();
    for (int i = 0; i < SAMPLES / 4; i++) {
      people.add(accounts.active());
    }
    for (int i = 0; i < 4; i++) {
      time("inconnu.chauffe" + i);
      time(people.get(0).login());
    }
    long[] unknown = new long[SAMPLES];
    long[] wrong = new long[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      // Interleaved, so that any drift of the machine hits both series alike. Each person gets
      // fewer wrong passwords than the free failures, so no delay changes the path measured.
      unknown[i] = time("inconnu.personne" + i);
      wrong[i] = time(people.get(i % people.size()).login());
    }
    Arrays.sort(unknown);
    Arrays.sort(wrong);
    long medianUnknown = unknown[SAMPLES / 2];
    long medianWrong = wrong[SAMPLES / 2];
    long slower = Math.max(medianUnknown, medianWrong);
    long faster = Math.min(medianUnknown, medianWrong);
    assertThat((double) (slower - faster) / faster)
        .as("medians %d µs vs %d µs", medianUnknown / 1000, medianWrong / 1000)
        .isLessThan(0.35);
    // The middle halves of the two distributions overlap.
    assertThat(unknown[SAMPLES / 4]).isLessThanOrEqualTo(wrong[3 * SAMPLES / 4]);
    assertThat(wrong[SAMPLES / 4]).isLessThanOrEqualTo(unknown[3 * SAMPLES / 4]);
  }

  private static long time(String login) {
    long start = System.nanoTime();
    int status = OAuth.login(login, "Mauvais-Mot-2026").statusCode();
    long elapsed = System.nanoTime() - start;
    assertThat(status).isEqualTo(400);
    return elapsed;
  }
}
