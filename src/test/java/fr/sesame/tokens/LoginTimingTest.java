package fr.sesame.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import fr.sesame.support.Timings;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
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
    Timings.assertIndistinguishable("unknown login vs wrong password", unknown, wrong, 0.35);
  }

  private static long time(String login) {
    long start = System.nanoTime();
    int status = OAuth.login(login, "Mauvais-Mot-2026").statusCode();
    long elapsed = System.nanoTime() - start;
    assertThat(status).isEqualTo(400);
    return elapsed;
  }
}
