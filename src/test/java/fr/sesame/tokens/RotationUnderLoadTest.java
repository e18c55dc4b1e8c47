package fr.sesame.tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Planned rotations while clients refresh and verify without pause: every token is verifiable by a
 * verifier holding the JWKS it fetched just before the token was issued, and introspection never
 * says inactive. Keys switch every few seconds here (publish-ahead of 2 s), in real time.
 */
@QuarkusTest
@TestProfile(RotationUnderLoadTest.FastKeys.class)
class RotationUnderLoadTest {

  public static class FastKeys implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sesame.embedded-postgres.database", "fast_keys",
          "sesame.tokens.keys.publish-ahead", "PT2S",
          "sesame.tokens.keys.jwks-max-age", "PT1S",
          "sesame.tokens.keys.refresh-every", "PT0.1S");
    }
  }

  @Inject Accounts accounts;
  @Inject SigningKeys keys;

  @Test
  void rotatesWithNoSpuriousFailure() throws Exception {
    int workers = 6;
    List<String> refreshTokens = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      StaffView person = accounts.active();
      refreshTokens.add(OAuth.login(person.login(), Accounts.PASSWORD).path("refresh_token"));
    }
    AtomicBoolean running = new AtomicBoolean(true);
    Set<String> kidsSeen = ConcurrentHashMap.newKeySet();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    List<Future<Integer>> done = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      String first = refreshTokens.get(i);
      done.add(
          pool.submit(
              () -> {
                String refresh = first;
                int rounds = 0;
                while (running.get()) {
                  List<String> cached =
                      given().get("/.well-known/jwks.json").jsonPath().getList("keys.kid");
                  Response answer = OAuth.refresh(refresh);
                  if (answer.statusCode() != 200) {
                    failures.add("refresh " + answer.statusCode() + " " + answer.asString());
                    break;
                  }
                  refresh = answer.path("refresh_token");
                  String access = answer.path("access_token");
                  String kid = KeyRotationTest.kid(access);
                  kidsSeen.add(kid);
                  if (!cached.contains(kid)) {
                    failures.add("signed by " + kid + " before it was published");
                  }
                  if (!Boolean.TRUE.equals(OAuth.introspect(access).path("active"))) {
                    failures.add("introspection said inactive for " + kid);
                  }
                  rounds++;
                }
                return rounds;
              }));
    }
    try {
      for (int rotation = 0; rotation < 3; rotation++) {
        Thread.sleep(300);
        keys.rotate();
        Thread.sleep(2_500);
      }
    } finally {
      running.set(false);
      pool.shutdown();
    }
    int rounds = 0;
    for (Future<Integer> worker : done) {
      rounds += worker.get();
    }
    assertThat(failures).isEmpty();
    assertThat(kidsSeen).hasSizeGreaterThanOrEqualTo(3);
    assertThat(rounds).isGreaterThan(workers * 3);
  }
}
