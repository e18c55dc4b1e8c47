package fr.sesame.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.support.Accounts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Password grants wait in the login queue, not on the worker threads. With one hashing slot (two
 * login threads) and a queue of one, a burst of 50 logins has room for three at once: the rest is
 * refused at once, although a login may wait 30 s for its slot here. Run on the worker threads,
 * every one of them would wait its turn and succeed.
 */
@QuarkusTest
@TestProfile(LoginQueueTest.QueueOfOne.class)
class LoginQueueTest {

  public static class QueueOfOne implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sesame.embedded-postgres.database", "login_queue",
          "sesame.password.hashing.threads", "1",
          "sesame.password.hashing.queue", "1");
    }
  }

  @Inject Accounts accounts;

  @TestHTTPResource("/oauth2/token")
  URL token;

  @Test
  void aBurstBeyondTheQueueIsRefusedAtOnce() throws Exception {
    String login = accounts.active().login();
    List<HttpResponse<String>> answers = LoginFloodTest.logins(token, login, 50);
    long ok = answers.stream().filter(a -> a.statusCode() == 200).count();
    long busy = answers.stream().filter(a -> a.statusCode() == 503).count();
    assertThat(ok + busy).isEqualTo(50);
    assertThat(ok).isPositive();
    // Three fit at once; while the first hash runs (tens of milliseconds) all 50 arrive.
    assertThat(busy).isGreaterThanOrEqualTo(25);
    assertThat(answers.stream().filter(a -> a.statusCode() == 503))
        .allSatisfy(a -> assertThat(a.headers().firstValue("Retry-After")).hasValue("1"));
  }
}
