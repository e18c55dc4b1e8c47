package fr.sesame.web;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.support.Accounts;
import fr.sesame.support.Browser;
import fr.sesame.support.SelfService;
import fr.sesame.support.TestClock;
import fr.sesame.support.TestData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journeys in a real browser (Debian's chromium, headless, at phone width), with the page's own
 * script running: the anti-bot proof of work is solved by the browser. Codes are read where people
 * read them: the SMTP server and the SMS gateway. Every page is captured and checked with axe-core
 * (no serious or critical violation, no horizontal scroll at phone width).
 */
@QuarkusTest
class BrowserTest {

  private static Browser browser;

  @TestHTTPResource("/")
  URL base;

  @Inject Accounts accounts;
  @Inject fr.sesame.recovery.AssistedResetService assisted;
  @Inject TestClock clock;

  @BeforeEach
  void visitor() {
    if (browser == null) {
      browser = Browser.open(base.toString());
    }
    browser.newVisitor();
  }

  @AfterEach
  void putTimeBack() {
    clock.reset();
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
      browser = null;
    }
  }

  private static void accessible(String name) {
    assertThat(browser.check(name)).as("accessibility of %s", name).isEmpty();
  }

  @Test
  void activatesAnAccountFromTheHomePageToTheEnd() {
    Accounts.Person person = accounts.person("PENDING", null);
    browser.go("/");
    accessible("01-accueil");
    browser.find("a[href='/premiere-connexion']").click();
    browser.waitFor("#numen");
    accessible("02-premiere-connexion");
    browser.type("#numen", person.numen());
    browser.type("#birthDate", person.birthDate());
    browser.submit("button[type=submit]");
    assertThat(browser.text()).contains("Choisissez maintenant votre mot de passe");
    accessible("03-premiere-connexion-mot-de-passe");

    // The show-password button, added by the page's script.
    browser.type("#password", "Garrigue-Soleil-2026");
    browser.find("button.toggle").click();
    assertThat(browser.find("#password").getAttribute("type")).isEqualTo("text");
    assertThat(browser.find("button.toggle").getAttribute("aria-pressed")).isEqualTo("true");
    browser.submit("form[action='/premiere-connexion/mot-de-passe'] button[type=submit]");
    assertThat(browser.text()).contains(person.staff().login()).contains(person.staff().address());
    accessible("04-premiere-connexion-activee");

    String mailbox = TestData.surname("nav") + "@exemple.fr";
    browser.type("#value", mailbox);
    browser.submit("form[action='/premiere-connexion/contact'] button[type=submit]");
    assertThat(browser.find("#code").getAttribute("autocomplete")).isEqualTo("one-time-code");
    accessible("05-premiere-connexion-code");
    browser.type("#code", SelfService.codeMailedTo(mailbox, 1));
    browser.submit("form[action='/premiere-connexion/contact/code'] button[type=submit]");
    assertThat(browser.text()).contains("vérifié");
    browser.submit("form[action='/premiere-connexion/fin'] button[type=submit]");
    assertThat(browser.text()).contains("est terminé").contains(person.staff().login());
    accessible("06-premiere-connexion-terminee");
    SelfService.login(person.staff().login(), "Garrigue-Soleil-2026").then().statusCode(200);
  }

  @Test
  void resetsAPasswordWithACodeReadFromTheSmtpServer() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = TestData.surname("nav") + "@exemple.fr";
    accounts.contact(person.staff(), "EMAIL", mailbox);
    browser.go("/mot-de-passe-oublie");
    accessible("10-mot-de-passe-oublie");
    browser.type("#identifier", person.staff().login());
    browser.submit("form[action='/mot-de-passe-oublie'] button[type=submit]");
    assertThat(browser.text()).contains(mailbox.charAt(0) + "•••@e•••.fr");
    accessible("11-mot-de-passe-oublie-choix");
    browser.submit("form[action='/mot-de-passe-oublie/code'] button[type=submit]");
    accessible("12-mot-de-passe-oublie-code");
    browser.type("#code", SelfService.codeMailedTo(mailbox, 1));
    browser.submit("form[action='/mot-de-passe-oublie/verification'] button[type=submit]");
    accessible("13-mot-de-passe-oublie-nouveau");
    browser.type("#password", "Tramontane-Olivier-7319");
    browser.submit("form[action='/mot-de-passe-oublie/mot-de-passe'] button[type=submit]");
    assertThat(browser.text()).contains("Votre mot de passe est changé");
    accessible("14-mot-de-passe-oublie-termine");
    SelfService.login(person.staff().login(), "Tramontane-Olivier-7319").then().statusCode(200);
  }

  @Test
  void resetsAPasswordWithACodeReadFromTheSmsGateway() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String number = String.format("+336%08d", new java.util.Random().nextInt(100_000_000));
    accounts.contact(person.staff(), "SMS", number);
    browser.go("/mot-de-passe-oublie");
    browser.type("#identifier", person.staff().address());
    browser.submit("form[action='/mot-de-passe-oublie'] button[type=submit]");
    browser.submit("form[action='/mot-de-passe-oublie/code'] button[type=submit]");
    browser.type("#code", SelfService.codeTextedTo(number, 1));
    browser.submit("form[action='/mot-de-passe-oublie/verification'] button[type=submit]");
    browser.type("#password", "Cevennes-Chataigne-5521");
    browser.submit("form[action='/mot-de-passe-oublie/mot-de-passe'] button[type=submit]");
    assertThat(browser.text()).contains("Votre mot de passe est changé");
  }

  @Test
  void sendsAForgottenIdentifier() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = TestData.surname("nav") + "@exemple.fr";
    accounts.contact(person.staff(), "EMAIL", mailbox);
    browser.go("/identifiant-oublie");
    accessible("20-identifiant-oublie");
    browser.type("#numen", person.numen());
    browser.type("#birthDate", person.birthDate());
    browser.submit("button[type=submit]");
    assertThat(browser.text()).contains("Demande prise en compte");
    accessible("21-identifiant-oublie-envoye");
    assertThat(SelfService.mailBody(mailbox, 1)).contains(person.staff().login());
  }

  @Test
  void showsEveryErrorWhereItIsAndFocusesTheSummary() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = TestData.surname("nav") + "@exemple.fr";
    accounts.contact(person.staff(), "EMAIL", mailbox);
    browser.go("/mot-de-passe-oublie");
    browser.type("#identifier", person.staff().login());
    browser.submit("form[action='/mot-de-passe-oublie'] button[type=submit]");
    browser.submit("form[action='/mot-de-passe-oublie/code'] button[type=submit]");
    String code = SelfService.codeMailedTo(mailbox, 1);
    String wrong = code.equals("000000") ? "111111" : "000000";
    for (int i = 0; i < 5; i++) {
      browser.type("#code", wrong);
      browser.submit("form[action='/mot-de-passe-oublie/verification'] button[type=submit]");
      assertThat(browser.text()).contains("Code incorrect");
    }
    assertThat(browser.activeElementClass()).contains("error-summary");
    accessible("30-erreur-code-incorrect");
    browser.type("#code", code);
    browser.submit("form[action='/mot-de-passe-oublie/verification'] button[type=submit]");
    assertThat(browser.text()).contains("Trop d'essais");
    accessible("31-erreur-trop-d-essais");

    // A new code, left to expire.
    clock.advance(Duration.ofSeconds(61));
    browser.submit("form[action='/mot-de-passe-oublie/code'] .link-button");
    String second = SelfService.codeMailedTo(mailbox, 2);
    clock.advance(Duration.ofMinutes(16));
    browser.type("#code", second);
    browser.submit("form[action='/mot-de-passe-oublie/verification'] button[type=submit]");
    assertThat(browser.text()).contains("Code expiré");
    accessible("32-erreur-code-expire");
    clock.reset();

    // A weak password, on a fresh flow.
    browser.submit("form[action='/mot-de-passe-oublie/recommencer'] button");
    browser.type("#identifier", person.staff().login());
    browser.submit("form[action='/mot-de-passe-oublie'] button[type=submit]");
    clock.advance(Duration.ofSeconds(61));
    browser.submit("form[action='/mot-de-passe-oublie/code'] button[type=submit]");
    browser.type("#code", SelfService.codeMailedTo(mailbox, 3));
    browser.submit("form[action='/mot-de-passe-oublie/verification'] button[type=submit]");
    browser.type("#password", "motdepasse123");
    browser.submit("form[action='/mot-de-passe-oublie/mot-de-passe'] button[type=submit]");
    assertThat(browser.text()).contains("Mot de passe refusé").contains("au moins 12 caractères");
    assertThat(browser.find("#password").getAttribute("aria-invalid")).isEqualTo("true");
    accessible("33-erreur-mot-de-passe-faible");
  }

  @Test
  void activatesAPendingAccountWithACodeHandedOverByAnAdministrator() {
    Accounts.Person person = accounts.person("PENDING", null);
    String code = assisted.issue(person.id(), java.util.UUID.randomUUID()).orElseThrow().code();
    browser.go("/mot-de-passe-oublie");
    browser.find("#assisted summary").click();
    accessible("15-mot-de-passe-oublie-code-remis");
    browser.type("#assisted-identifier", person.staff().login());
    browser.type("#assisted-code", "ABCD-EFGH-JKMN");
    browser.submit("form[action='/mot-de-passe-oublie/code-remis'] button[type=submit]");
    assertThat(browser.text()).contains("Code invalide");
    accessible("16-mot-de-passe-oublie-code-remis-refuse");
    browser.type("#assisted-identifier", person.staff().login());
    browser.type("#assisted-code", code.replace("-", " ").toLowerCase(java.util.Locale.ROOT));
    browser.submit("form[action='/mot-de-passe-oublie/code-remis'] button[type=submit]");
    // A pending account goes on to its first sign-in: choose the password.
    browser.type("#password", "Autan-Garrigue-Tilleul-8");
    browser.submit("form[action='/premiere-connexion/mot-de-passe'] button[type=submit]");
    assertThat(browser.text()).contains(person.staff().login());
    SelfService.login(person.staff().login(), "Autan-Garrigue-Tilleul-8").then().statusCode(200);
  }

  @Test
  void sendsABlockedAccountToItsDsden() {
    Accounts.Person person = accounts.person("BLOCKED", "COMPROMISED");
    browser.go("/mot-de-passe-oublie");
    browser.find("details.alternative summary").click();
    browser.type("#numen", person.numen());
    browser.type("#birthDate", person.birthDate());
    browser.submit("form[action='/mot-de-passe-oublie/par-numen'] button[type=submit]");
    assertThat(browser.text())
        .contains("Compte bloqué")
        .contains("DSDEN de l'Hérault")
        .contains("04 67 00 00 34");
    accessible("34-erreur-compte-bloque");
  }

  @Test
  void managesRecoveryContactsAndThePasswordOnTheAccountPage() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    browser.go("/mon-compte");
    accessible("40-mon-compte-connexion");
    browser.type("#identifier", person.staff().login());
    browser.type("#password", Accounts.PASSWORD);
    browser.submit("form[action='/mon-compte/connexion'] button[type=submit]");
    assertThat(browser.text()).contains(person.staff().address());
    // The person's own recent security events, this very login among them.
    assertThat(browser.find("table.events").getText()).contains("Connexion").contains("Réussi");
    accessible("41-mon-compte");
    String mailbox = TestData.surname("compte") + "@exemple.fr";
    browser.type("#value", mailbox);
    browser.type("#add-current", Accounts.PASSWORD);
    browser.submit("form[action='/mon-compte/contact'] button[type=submit]");
    accessible("42-mon-compte-code");
    browser.type("#code", SelfService.codeMailedTo(mailbox, 1));
    browser.submit("form[action='/mon-compte/contact/code'] button[type=submit]");
    assertThat(browser.text()).contains("enregistré et vérifié");
    browser.type("#change-current", Accounts.PASSWORD);
    browser.type("#password", "Olivette-Garrigue-8841");
    browser.submit("form[action='/mon-compte/mot-de-passe'] button[type=submit]");
    assertThat(browser.text()).contains("Votre mot de passe est changé");
    accessible("43-mon-compte-mot-de-passe-change");
  }
}
