package fr.sesame.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import fr.sesame.support.Dovecot;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real mail server accepts our access tokens: Debian's Dovecot, configured as the README tells an
 * académie to configure it (its {@code oauth2} passdb introspecting each token with a client of
 * Sésame), opens a person's mailbox for their token by XOAUTH2 and by OAUTHBEARER (RFC 7628), and
 * refuses it for another name, for a blocked account and for a forged token.
 */
@QuarkusTest
class MailServerTest {

  private static Dovecot dovecot;

  @Inject Accounts accounts;

  @TestHTTPResource("/oauth2/introspect")
  URL introspection;

  @BeforeEach
  void startDovecot() throws Exception {
    if (dovecot == null) {
      dovecot =
          Dovecot.start(
              "http://"
                  + OAuth.IMAP
                  + ":"
                  + OAuth.IMAP_SECRET
                  + "@127.0.0.1:"
                  + introspection.getPort()
                  + introspection.getPath());
    }
  }

  @AfterAll
  static void stopDovecot() throws Exception {
    if (dovecot != null) {
      dovecot.close();
      dovecot = null;
    }
  }

  private static String accessToken(StaffView person) {
    return OAuth.login(person.login(), Accounts.PASSWORD)
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }

  private static String xoauth2(String user, String token) {
    return "user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001";
  }

  private static String oauthbearer(String user, String token) {
    return "n,a="
        + user
        + ",\u0001host=127.0.0.1\u0001port="
        + dovecot.port()
        + "\u0001auth=Bearer "
        + token
        + "\u0001\u0001";
  }

  @Test
  void opensTheMailboxOfTheTokensOwnerByXoauth2AndOauthbearer() throws Exception {
    StaffView person = accounts.active();
    String token = accessToken(person);
    try (Dovecot.Imap imap = dovecot.connect()) {
      assertThat(imap.authenticate("XOAUTH2", xoauth2(person.login(), token)))
          .as(dovecot.log())
          .startsWith("OK");
      assertThat(imap.command("SELECT INBOX")).startsWith("OK");
    }
    // The mailbox Dovecot made is the one of the login the token names.
    assertThat(Files.isDirectory(dovecot.home(person.login()))).isTrue();
    try (Dovecot.Imap imap = dovecot.connect()) {
      assertThat(imap.authenticate("OAUTHBEARER", oauthbearer(person.login(), token)))
          .as(dovecot.log())
          .startsWith("OK");
    }
  }

  @Test
  void refusesATokenForAnotherPersonsMailbox() throws Exception {
    StaffView owner = accounts.active();
    StaffView other = accounts.active();
    String token = accessToken(owner);
    try (Dovecot.Imap imap = dovecot.connect()) {
      assertThat(imap.authenticate("XOAUTH2", xoauth2(other.login(), token))).startsWith("NO");
    }
    try (Dovecot.Imap imap = dovecot.connect()) {
      assertThat(imap.authenticate("OAUTHBEARER", oauthbearer(other.login(), token)))
          .startsWith("NO");
    }
    assertThat(Files.exists(dovecot.home(other.login()))).isFalse();
  }

  @Test
  void refusesTheTokenOfAnAccountBlockedSinceItWasIssued() throws Exception {
    StaffView person = accounts.active();
    String token = accessToken(person);
    accounts.setState(person, "BLOCKED", "COMPROMISED");
    try (Dovecot.Imap imap = dovecot.connect()) {
      assertThat(imap.authenticate("XOAUTH2", xoauth2(person.login(), token))).startsWith("NO");
    }
    assertThat(Files.exists(dovecot.home(person.login()))).isFalse();
  }

  @Test
  void refusesAForgedToken() throws Exception {
    StaffView person = accounts.active();
    String token = accessToken(person);
    // The same claims under another signature: a verifier that skipped the signature would pass it.
    String forged =
        token.substring(0, token.lastIndexOf('.') + 1)
            + "AAAA"
            + token.substring(token.lastIndexOf('.') + 5);
    try (Dovecot.Imap imap = dovecot.connect()) {
      assertThat(imap.authenticate("OAUTHBEARER", oauthbearer(person.login(), forged)))
          .startsWith("NO");
    }
  }
}
