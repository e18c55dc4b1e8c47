package fr.sesame.tokens;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Calls to the OAuth endpoints as the test clients of application.properties. */
final class OAuth {

  static final String WEBMAIL = "webmail";
  static final String WEBMAIL_SECRET = "test-webmail-secret";
  static final String LEGACY = "legacy";
  static final String LEGACY_SECRET = "test-legacy-secret";
  static final String IMAP = "imap";
  static final String IMAP_SECRET = "test-imap-secret";

  private OAuth() {}

  /**
   * Every call comes from its own client address (the test profile trusts the local proxy), so that
   * the per-address counters of one test never delay another's logins.
   */
  static String someAddress() {
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    return "198.18." + random.nextInt(256) + "." + random.nextInt(1, 255);
  }

  static RequestSpecification as(String client, String secret) {
    return as(client, secret, someAddress());
  }

  static RequestSpecification as(String client, String secret, String address) {
    return given()
        .header("X-Forwarded-For", address)
        .auth()
        .preemptive()
        .basic(client, secret)
        .contentType("application/x-www-form-urlencoded; charset=UTF-8");
  }

  static Response login(String username, String password) {
    return login(WEBMAIL, WEBMAIL_SECRET, username, password);
  }

  static Response login(String client, String secret, String username, String password) {
    return passwordGrant(as(client, secret), username, password);
  }

  /** A login from a given client address (the test profile trusts the local proxy). */
  static Response loginFrom(String address, String username, String password) {
    return passwordGrant(as(WEBMAIL, WEBMAIL_SECRET, address), username, password);
  }

  private static Response passwordGrant(
      RequestSpecification request, String username, String password) {
    return request
        .formParam("grant_type", "password")
        .formParam("username", username)
        .formParam("password", password)
        .post("/oauth2/token");
  }

  static Response refresh(String refreshToken) {
    return as(WEBMAIL, WEBMAIL_SECRET)
        .formParam("grant_type", "refresh_token")
        .formParam("refresh_token", refreshToken)
        .post("/oauth2/token");
  }

  static Response introspect(String token) {
    return as(IMAP, IMAP_SECRET).formParam("token", token).post("/oauth2/introspect");
  }

  static Response revoke(String token) {
    return as(WEBMAIL, WEBMAIL_SECRET).formParam("token", token).post("/oauth2/revoke");
  }
}
