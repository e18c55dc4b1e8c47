package fr.sesame.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import fr.sesame.support.Accounts;
import fr.sesame.support.SelfService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pages over HTTP, without a browser: headers, CSRF, steps, languages. */
@QuarkusTest
class PagesTest {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @Inject Accounts accounts;

  /** A browser-like client: its own cookies and address. */
  static final class Visitor {
    final CookieFilter cookies = new CookieFilter();
    final String address = SelfService.someAddress();
    String csrf;

    RequestSpecification request() {
      return given().filter(cookies).header("X-Forwarded-For", address).redirects().follow(false);
    }

    Response get(String path) {
      Response page = request().get(path);
      Matcher token = CSRF.matcher(page.asString());
      if (token.find()) {
        csrf = token.group(1);
      }
      return page;
    }

    Response post(String path, String... fields) {
      RequestSpecification form = request().contentType("application/x-www-form-urlencoded");
      form.formParam("csrf", csrf);
      for (int i = 0; i < fields.length; i += 2) {
        form.formParam(fields[i], fields[i + 1]);
      }
      return form.post(path);
    }
  }

  @Test
  void everyPageCarriesTheSecurityHeadersAndIsNeverCached() {
    for (String path :
        List.of("/", "/premiere-connexion", "/mot-de-passe-oublie", "/identifiant-oublie")) {
      given()
          .get(path)
          .then()
          .statusCode(200)
          .contentType(containsString("text/html"))
          .header("Content-Security-Policy", containsString("script-src 'self'"))
          .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
          .header("Content-Security-Policy", not(containsString("unsafe-inline")))
          .header("Strict-Transport-Security", containsString("max-age="))
          .header("Referrer-Policy", equalTo("no-referrer"))
          .header("X-Content-Type-Options", equalTo("nosniff"))
          .header("Cache-Control", equalTo("no-store"))
          .body(containsString("lang=\"fr\""))
          .body(not(containsString("<script>")))
          .body(not(containsString("style=")))
          .body(not(containsString("http://")))
          .body(not(containsString("https://")));
    }
  }

  @Test
  void speaksEnglishWhenAskedAndRemembersTheChoice() {
    given()
        .header("Accept-Language", "en-GB,en;q=0.8")
        .get("/")
        .then()
        .body(containsString("lang=\"en\""))
        .body(containsString("Reset my password"));
    Visitor visitor = new Visitor();
    visitor.get("/?lang=en").then().body(containsString("First login"));
    visitor.get("/mot-de-passe-oublie").then().body(containsString("Reset my password"));
    visitor.get("/?lang=fr").then().body(containsString("Première connexion"));
  }

  @Test
  void everyFormRefusesAPostWithoutItsCsrfTokenAndChangesNothing() {
    Accounts.Person person = accounts.person("PENDING", null);
    for (String path :
        List.of(
            "/premiere-connexion",
            "/premiere-connexion/mot-de-passe",
            "/premiere-connexion/contact",
            "/premiere-connexion/contact/code",
            "/premiere-connexion/fin",
            "/mot-de-passe-oublie",
            "/mot-de-passe-oublie/par-numen",
            "/mot-de-passe-oublie/code",
            "/mot-de-passe-oublie/verification",
            "/mot-de-passe-oublie/sans-acces",
            "/mot-de-passe-oublie/mot-de-passe",
            "/mot-de-passe-oublie/recommencer",
            "/identifiant-oublie",
            "/mon-compte/connexion",
            "/mon-compte/deconnexion",
            "/mon-compte/contact",
            "/mon-compte/contact/code",
            "/mon-compte/contact/retrait",
            "/mon-compte/mot-de-passe")) {
      Visitor visitor = new Visitor();
      visitor.get("/");
      // A token of its own but not the cookie's, as a forging site would send.
      visitor.csrf = "x".repeat(43);
      visitor
          .post(path, "numen", person.numen(), "birthDate", person.birthDate())
          .then()
          .statusCode(403)
          .body(containsString("Formulaire expiré"));
      Visitor noCookie = new Visitor();
      noCookie.csrf = "y".repeat(43);
      noCookie
          .post(path, "numen", person.numen(), "birthDate", person.birthDate())
          .then()
          .statusCode(403);
    }
    assertThat(accounts.text("SELECT count(*) FROM recovery_flow WHERE staff_id = ?", person.id()))
        .isEqualTo("0");
  }

  @Test
  void activatesThroughThePagesWithoutJavaScript() {
    Accounts.Person person = accounts.person("PENDING", null);
    Visitor visitor = new Visitor();
    visitor.get("/premiere-connexion").then().body(containsString("name=\"numen\""));
    // A mistake shows the form again, with the summary, the field's message and what was typed.
    visitor
        .post("/premiere-connexion", "numen", person.numen(), "birthDate", "31/02/1988")
        .then()
        .statusCode(400)
        .body(containsString("error-summary"))
        .body(containsString("href=\"#birthDate\""))
        .body(containsString("aria-invalid=\"true\""))
        .body(containsString("value=\"" + person.numen() + "\""));
    Response identified =
        visitor.post(
            "/premiere-connexion", "numen", person.numen(), "birthDate", person.birthDate());
    identified.then().statusCode(303).header("Location", containsString("/premiere-connexion"));
    assertThat(identified.getDetailedCookie(ActivationPage.COOKIE).isHttpOnly()).isTrue();
    assertThat(identified.getDetailedCookie(ActivationPage.COOKIE).getSameSite())
        .isEqualTo("Strict");
    visitor
        .get("/premiere-connexion")
        .then()
        .body(containsString("autocomplete=\"new-password\""))
        .body(not(containsString(person.staff().login())));
    visitor
        .post("/premiere-connexion/mot-de-passe", "password", "court")
        .then()
        .statusCode(422)
        .body(containsString("au moins 12 caractères"));
    visitor
        .post("/premiere-connexion/mot-de-passe", "password", "Garrigue-Soleil-2026")
        .then()
        .statusCode(303);
    visitor
        .get("/premiere-connexion")
        .then()
        .body(containsString(person.staff().login()))
        .body(containsString(person.staff().address()));
    visitor.post("/premiere-connexion/fin").then().statusCode(303);
    visitor.get("/premiere-connexion").then().body(containsString("est terminé"));
  }

  @Test
  void aResetForAnUnknownIdentifierShowsTheSamePagesAsARealOne() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    accounts.contact(person.staff(), "EMAIL", "secours." + person.staff().login() + "@exemple.fr");
    String[] shapes = new String[2];
    String[] identifiers = {person.staff().login(), "personne.inconnue." + person.staff().login()};
    for (int i = 0; i < 2; i++) {
      Visitor visitor = new Visitor();
      visitor.get("/mot-de-passe-oublie");
      visitor.post("/mot-de-passe-oublie", "identifier", identifiers[i]).then().statusCode(303);
      String page = visitor.get("/mot-de-passe-oublie").asString();
      assertThat(page).contains("type=\"radio\"");
      // The options themselves are the person's (or a decoy's): everything around them is alike.
      shapes[i] =
          page.replaceAll("value=\"[^\"]*\"", "")
              .replaceAll("\\s*<div class=\"radio\">.*</div>", "");
      Matcher first = Pattern.compile("name=\"channel\" value=\"(EMAIL|SMS)\"").matcher(page);
      assertThat(first.find()).isTrue();
      visitor.post("/mot-de-passe-oublie/code", "channel", first.group(1)).then().statusCode(303);
      visitor
          .get("/mot-de-passe-oublie")
          .then()
          .body(containsString("autocomplete=\"one-time-code\""));
    }
    assertThat(shapes[0]).isEqualTo(shapes[1]);
  }

  @Test
  void theBlockedAccountPageShowsTheDsdenContact() {
    Accounts.Person person = accounts.person("BLOCKED", "COMPROMISED");
    Visitor visitor = new Visitor();
    visitor.get("/mot-de-passe-oublie");
    visitor
        .post(
            "/mot-de-passe-oublie/par-numen",
            "numen",
            person.numen(),
            "birthDate",
            person.birthDate())
        .then()
        .statusCode(403)
        .body(containsString("Compte bloqué"))
        .body(containsString("DSDEN de l&#39;Hérault"))
        .body(containsString("tel:0467000034"));
  }

  @Test
  void theAccountPageManagesContactsAndThePasswordBehindTheCurrentPassword() throws Exception {
    Accounts.Person person = accounts.person("ACTIVE", null);
    Visitor visitor = new Visitor();
    visitor.get("/mon-compte").then().body(containsString("autocomplete=\"current-password\""));
    visitor
        .post(
            "/mon-compte/connexion",
            "identifier",
            person.staff().login(),
            "password",
            "Mauvais-2026")
        .then()
        .statusCode(400)
        .body(containsString("Connexion impossible"));
    visitor
        .post(
            "/mon-compte/connexion",
            "identifier",
            person.staff().login(),
            "password",
            Accounts.PASSWORD)
        .then()
        .statusCode(303);
    visitor.get("/mon-compte").then().body(containsString(person.staff().address()));

    String mailbox = "compte." + person.staff().login() + "@exemple.fr";
    visitor
        .post(
            "/mon-compte/contact",
            "channel",
            "EMAIL",
            "value",
            mailbox,
            "currentPassword",
            "Mauvais-2026")
        .then()
        .statusCode(403);
    visitor
        .post(
            "/mon-compte/contact",
            "channel",
            "EMAIL",
            "value",
            mailbox,
            "currentPassword",
            Accounts.PASSWORD)
        .then()
        .statusCode(303);
    visitor.get("/mon-compte").then().body(containsString("autocomplete=\"one-time-code\""));
    visitor
        .post("/mon-compte/contact/code", "code", SelfService.codeMailedTo(mailbox, 1))
        .then()
        .statusCode(303)
        .header("Location", containsString("fait=contact"));
    visitor
        .get("/mon-compte?fait=contact")
        .then()
        .body(containsString("enregistré et vérifié"))
        .body(containsString(mailbox.charAt(0) + "•••@e•••.fr"));

    visitor
        .post(
            "/mon-compte/mot-de-passe",
            "currentPassword",
            Accounts.PASSWORD,
            "password",
            "Olivette-Garrigue-8841")
        .then()
        .statusCode(303);
    SelfService.login(person.staff().login(), "Olivette-Garrigue-8841").then().statusCode(200);
    assertThat(fr.sesame.support.MailAndSms.mailsTo(mailbox, 2).get(1).getSubject())
        .isEqualTo("Votre mot de passe a été changé");
    // The page's own session survives its password change; logging out ends it.
    visitor.get("/mon-compte").then().body(containsString(person.staff().address()));
    visitor.post("/mon-compte/deconnexion").then().statusCode(303);
    visitor.get("/mon-compte").then().body(not(containsString(person.staff().address())));
  }

  @Test
  void anEndedSessionShowsTheLoginFormAndRefusesItsSteps() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    accounts.contact(person.staff(), "EMAIL", "fin." + person.staff().login() + "@exemple.fr");
    Visitor visitor = new Visitor();
    visitor.get("/mon-compte");
    visitor
        .post(
            "/mon-compte/connexion",
            "identifier",
            person.staff().login(),
            "password",
            Accounts.PASSWORD)
        .then()
        .statusCode(303);
    accounts.sql(
        "UPDATE session SET revoked_at = now(), revoke_reason = 'PASSWORD_CHANGED' WHERE staff_id = ?",
        person.id());
    visitor.get("/mon-compte").then().body(containsString("autocomplete=\"current-password\""));
    visitor
        .post(
            "/mon-compte/mot-de-passe",
            "currentPassword",
            Accounts.PASSWORD,
            "password",
            "Olivette-Garrigue-8841")
        .then()
        .statusCode(401)
        .body(containsString("Session expirée"));
  }
}
