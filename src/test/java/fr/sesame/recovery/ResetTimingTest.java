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
 * A reset for an identifier that opens nothing costs what a real one costs, at identification and
 * when the code is asked for (the decoy's code is made and stored too; only the outbox row
 * differs). Compared as distributions of interleaved samples with generous bounds, as the login
 * timing is: a machine's noise cannot fail it, a path that skipped or added real work would.
 */
@QuarkusTest
class ResetTimingTest {

  private static final int SAMPLES = 30;

  @Inject Accounts accounts;

  @Test
  void unknownAndRealIdentifiersTakeTheSameTime() {
    List<String> real = new ArrayList<>();
    for (int i = 0; i < SAMPLES + 4; i++) {
      Accounts.Person person = accounts.person("ACTIVE", null);
      accounts.contact(person.staff(), "EMAIL", TestData.surname("t") + "@exemple.fr");
      real.add(person.staff().login());
    }
    for (int i = 0; i < 4; i++) {
      sample("inconnu.chauffe" + TestData.surname("w"));
      sample(real.get(SAMPLES + i));
    }
    long[][] unknown = new long[2][SAMPLES];
    long[][] known = new long[2][SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      long[] u = sample("inconnu." + TestData.surname("p"));
      long[] k = sample(real.get(i));
      for (int step = 0; step < 2; step++) {
        unknown[step][i] = u[step];
        known[step][i] = k[step];
      }
    }
    Timings.assertIndistinguishable("identification", unknown[0], known[0], 0.5);
    Timings.assertIndistinguishable("code request", unknown[1], known[1], 0.5);
  }

  /** Times identification and the code request; returns both durations in nanoseconds. */
  private static long[] sample(String identifier) {
    long start = System.nanoTime();
    io.restassured.path.json.JsonPath flow =
        json()
            .body(Map.of("identifier", identifier))
            .post("/api/v1/password-reset")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    long identified = System.nanoTime();
    json()
        .body(
            Map.of("flow", flow.getString("flow"), "channel", flow.getString("options[0].channel")))
        .post("/api/v1/password-reset/code")
        .then()
        .statusCode(200);
    long sent = System.nanoTime();
    return new long[] {identified - start, sent - identified};
  }
}
