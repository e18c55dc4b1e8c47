package fr.sesame.recovery;

import static fr.sesame.support.SelfService.json;

import fr.sesame.support.Accounts;
import fr.sesame.support.TestData;
import fr.sesame.support.Timings;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A forgotten-identifier request for details that open nothing costs what one that sends the login
 * costs: distributions of interleaved samples, generous bounds (as for the login and the reset).
 */
@QuarkusTest
class IdentifierTimingTest {

  private static final int SAMPLES = 30;

  @Inject Accounts accounts;

  @Test
  void unknownDetailsAndRealOnesTakeTheSameTime() {
    List<Accounts.Person> real = new ArrayList<>();
    for (int i = 0; i < SAMPLES + 4; i++) {
      Accounts.Person person = accounts.person("ACTIVE", null);
      accounts.contact(person.staff(), "EMAIL", TestData.surname("t") + "@exemple.fr");
      real.add(person);
    }
    for (int i = 0; i < 4; i++) {
      time(TestData.numen(), "01/01/1990");
      time(real.get(SAMPLES + i).numen(), real.get(SAMPLES + i).birthDate());
    }
    long[] unknown = new long[SAMPLES];
    long[] known = new long[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      unknown[i] = time(TestData.numen(), "01/01/1990");
      known[i] = time(real.get(i).numen(), real.get(i).birthDate());
    }
    Timings.assertIndistinguishable("unknown vs real NUMEN", unknown, known, 0.5);
  }

  private static long time(String numen, String birthDate) {
    long start = System.nanoTime();
    json()
        .body(Map.of("numen", numen, "birthDate", birthDate))
        .post("/api/v1/identifier-reminder")
        .then()
        .statusCode(202);
    return System.nanoTime() - start;
  }
}
