package fr.sesame.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import fr.sesame.support.Dovecot;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real mail server accepts our access tokens: Debian's Dovecot, configured as the README tells an
 * académie to configure it, opens a person's mailbox for their token by XOAUTH2 and by OAUTHBEARER
 * (RFC 7628), and refuses it for another name and for a forged token; both when it introspects each
 * token with a client of Sésame ({@code introspecting}) and when it checks tokens itself with the
 * keys of the JWKS ({@code local}). Only introspection sees a block at once.
 */
@QuarkusTest
class MailServerTest {

  private static final String JWT_TYPED = "webmail-jwt";
  private static final String JWT_TYPED_SECRET = "test-webmail-jwt-secret";

  private static Dovecot introspecting;
  private static Dovecot local;

  @Inject Accounts accounts;

  @TestHTTPResource("/oauth2/introspect")
  URL introspection;

  @BeforeEach
  void startDovecots() throws Exception {
    if (introspecting == null) {
      introspecting =
          Dovecot.introspecting(
              "http://"
                  + OAuth.IMAP
                  + ":"
                  + OAuth.IMAP_SECRET
                  + "@127.0.0.1:"
                  + introspection.getPort()
                  + introspection.getPath());
    }
    if (local == null) {
      local = Dovecot.validatingLocally(publishedKeys(), issuer());
    }
  }

  @AfterAll
  static void stopDovecots() throws Exception {
    for (Dovecot server : new Dovecot[] {introspecting, local}) {
      if (server != null) {
        server.close();
      }
    }
    introspecting = null;
    local = null;
  }

  /** The JWKS's keys as PEM files by "alg/kid", what an administrator copies to Dovecot. */
  private static Map<String, String> publishedKeys() throws JoseException {
    Map<String, String> keys = new HashMap<>();
    JsonWebKeySet set =
        new JsonWebKeySet(RestAssured.get("/.well-known/jwks.json").then().extract().asString());
    for (JsonWebKey key : set.getJsonWebKeys()) {
      String pem =
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(((PublicJsonWebKey) key).getPublicKey().getEncoded())
              + "\n-----END PUBLIC KEY-----\n";
      keys.put(key.getAlgorithm() + "/" + key.getKeyId(), pem);
    }
    return keys;
  }

  private static String issuer() {
    return RestAssured.get("/.well-known/openid-configuration").then().extract().path("issuer");
  }

  /** An access token the person's webmail front got for them from {@code client}. */
  private static String accessToken(String client, String secret, StaffView person) {
    return OAuth.login(client, secret, person.login(), Accounts.PASSWORD)
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }

  private static String accessToken(StaffView person) {
    return accessToken(OAuth.WEBMAIL, OAuth.WEBMAIL_SECRET, person);
  }

  private static String xoauth2(String user, String token) {
    return "user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001";
  }

  private static String oauthbearer(Dovecot server, String user, String token) {
    return "n,a="
        + user
        + ",\u0001host=127.0.0.1\u0001port="
        + server.port()
        + "\u0001auth=Bearer "
        + token
        + "\u0001\u0001";
  }

  /** The same claims under another signature: a verifier that skipped it would let them in. */
  private static String forged(String token) {
    int signature = token.lastIndexOf('.') + 1;
    char first = token.charAt(signature);
    return token.substring(0, signature)
        + (first == 'A' ? 'B' : 'A')
        + token.substring(signature + 1);
  }

  /**
   * {@code server} opens the person's mailbox for the first token by XOAUTH2, and lets them in for
   * the second by OAUTHBEARER.
   */
  private static void assertOpens(
      Dovecot server, StaffView person, String xoauth2Token, String oauthbearerToken)
      throws Exception {
    try (Dovecot.Imap imap = server.connect()) {
      assertThat(imap.authenticate("XOAUTH2", xoauth2(person.login(), xoauth2Token)))
          .as(server.log())
          .startsWith("OK");
      assertThat(imap.command("SELECT INBOX")).startsWith("OK");
    }
    // The mailbox Dovecot made is the one of the login the token names.
    assertThat(Files.isDirectory(server.home(person.login()))).isTrue();
    try (Dovecot.Imap imap = server.connect()) {
      assertThat(
              imap.authenticate(
                  "OAUTHBEARER", oauthbearer(server, person.login(), oauthbearerToken)))
          .as(server.log())
          .startsWith("OK");
    }
  }

  @Test
  void opensTheMailboxOfTheTokensOwnerByXoauth2AndOauthbearer() throws Exception {
    StaffView person = accounts.active();
    String token = accessToken(person);
    assertOpens(introspecting, person, token, token);
  }

  @Test
  void refusesATokenForAnotherPersonsMailbox() throws Exception {
    StaffView owner = accounts.active();
    StaffView other = accounts.active();
    String token = accessToken(owner);
    try (Dovecot.Imap imap = introspecting.connect()) {
      assertThat(imap.authenticate("XOAUTH2", xoauth2(other.login(), token))).startsWith("NO");
    }
    try (Dovecot.Imap imap = introspecting.connect()) {
      assertThat(imap.authenticate("OAUTHBEARER", oauthbearer(introspecting, other.login(), token)))
          .startsWith("NO");
    }
    assertThat(Files.exists(introspecting.home(other.login()))).isFalse();
  }

  @Test
  void refusesTheTokenOfAnAccountBlockedSinceItWasIssued() throws Exception {
    StaffView person = accounts.active();
    String token = accessToken(person);
    accounts.setState(person, "BLOCKED", "COMPROMISED");
    try (Dovecot.Imap imap = introspecting.connect()) {
      assertThat(imap.authenticate("XOAUTH2", xoauth2(person.login(), token))).startsWith("NO");
    }
    assertThat(Files.exists(introspecting.home(person.login()))).isFalse();
  }

  @Test
  void refusesAForgedToken() throws Exception {
    StaffView person = accounts.active();
    String token = accessToken(person);
    try (Dovecot.Imap imap = introspecting.connect()) {
      assertThat(
              imap.authenticate(
                  "OAUTHBEARER", oauthbearer(introspecting, person.login(), forged(token))))
          .startsWith("NO");
    }
  }

  /**
   * Dovecot 2.3 validating tokens itself takes only {@code typ: JWT}: the webmail front's client is
   * configured with that type, in ES256 ({@code webmail-jwt}) or RS256 ({@code legacy}).
   */
  @Test
  void aMailServerWithTheJwksKeysOpensTheMailboxOfTheTokensOwner() throws Exception {
    StaffView person = accounts.active();
    String es256 = accessToken(JWT_TYPED, JWT_TYPED_SECRET, person);
    String rs256 = accessToken(OAuth.LEGACY, OAuth.LEGACY_SECRET, person);
    assertOpens(local, person, es256, rs256);
  }

  @Test
  void aMailServerWithTheJwksKeysRefusesAnotherNameAndAForgery() throws Exception {
    StaffView owner = accounts.active();
    StaffView other = accounts.active();
    String token = accessToken(JWT_TYPED, JWT_TYPED_SECRET, owner);
    try (Dovecot.Imap imap = local.connect()) {
      assertThat(imap.authenticate("XOAUTH2", xoauth2(other.login(), token))).startsWith("NO");
    }
    try (Dovecot.Imap imap = local.connect()) {
      assertThat(imap.authenticate("OAUTHBEARER", oauthbearer(local, owner.login(), forged(token))))
          .startsWith("NO");
    }
    assertThat(Files.exists(local.home(other.login()))).isFalse();
    assertThat(Files.exists(local.home(owner.login()))).isFalse();
  }
}
