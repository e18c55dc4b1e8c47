package fr.sesame.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * 500 logins at once against two hashing slots: the excess waits a moment and is refused with 503
 * and Retry-After, nothing else fails, and the service goes on serving. Hash memory stays at two
 * hashes (2 × 19 MiB) whatever the flood; bench/tokens measures the resident memory.
 */
@QuarkusTest
@TestProfile(LoginFloodTest.TwoSlots.class)
class LoginFloodTest {

  public static class TwoSlots implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sesame.embedded-postgres.database", "login_flood",
          "sesame.password.hashing.threads", "2",
          "sesame.password.hashing.max-wait", "PT0.3S");
    }
  }

  @Inject Accounts accounts;

  @TestHTTPResource("/oauth2/token")
  URL token;

  @Test
  void shedsAFloodWith503AndRetryAfter() throws Exception {
    StaffView person = accounts.active();
    List<HttpResponse<String>> answers = logins(token, person.login(), 500);
    int ok = 0;
    int busy = 0;
    for (HttpResponse<String> response : answers) {
      assertThat(response.statusCode()).isIn(200, 503);
      if (response.statusCode() == 503) {
        busy++;
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).contains("temporarily_unavailable");
      } else {
        ok++;
      }
    }
    assertThat(ok).isPositive();
    assertThat(busy).isPositive();
    assertThat(ok + busy).isEqualTo(500);
    // After the flood, logins work again.
    OAuth.login(person.login(), Accounts.PASSWORD).then().statusCode(200);
  }

  /** {@code count} password grants of the same person sent at once; their answers, in order. */
  static List<HttpResponse<String>> logins(URL token, String login, int count) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    String body =
        "grant_type=password&username="
            + URLEncoder.encode(login, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(Accounts.PASSWORD, StandardCharsets.UTF_8);
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (OAuth.WEBMAIL + ":" + OAuth.WEBMAIL_SECRET).getBytes(StandardCharsets.UTF_8));
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(token.toString()))
              .timeout(Duration.ofSeconds(120))
              .header("Authorization", basic)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("X-Forwarded-For", OAuth.someAddress())
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      sent.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> answer : sent) {
      answers.add(answer.get());
    }
    return answers;
  }
}
