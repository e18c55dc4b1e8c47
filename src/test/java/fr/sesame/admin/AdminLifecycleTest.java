package fr.sesame.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import fr.sesame.audit.AuditService;
import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import fr.sesame.support.Admins;
import fr.sesame.support.Management;
import fr.sesame.support.SelfService;
import fr.sesame.support.TestData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What blocking, deleting, purging and helping do to an account, at once, and what is audited. */
@QuarkusTest
class AdminLifecycleTest {

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Inject Accounts accounts;
  @Inject LifecycleJobs jobs;
  @Inject AuditService audit;

  private RequestSpecification admin() {
    return Management.asAdmin(management).contentType("application/json");
  }

  private static String path(StaffView person, String suffix) {
    return "/api/v1/admin/staff/" + person.id() + suffix;
  }

  private static Response introspect(String token) {
    return given()
        .auth()
        .preemptive()
        .basic("imap", "test-imap-secret")
        .contentType("application/x-www-form-urlencoded; charset=UTF-8")
        .formParam("token", token)
        .post("/oauth2/introspect");
  }

  private static Response refresh(String refreshToken) {
    return given()
        .auth()
        .preemptive()
        .basic("webmail", "test-webmail-secret")
        .contentType("application/x-www-form-urlencoded; charset=UTF-8")
        .formParam("grant_type", "refresh_token")
        .formParam("refresh_token", refreshToken)
        .post("/oauth2/token");
  }

  @Test
  void aBlockStopsRefreshIntrospectionFlowsAndCodesAtOnceAndTellsThePerson() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = TestData.surname("bloque") + "@exemple.fr";
    accounts.contact(person.staff(), "EMAIL", mailbox);
    Response login = SelfService.login(person.staff().login(), Accounts.PASSWORD);
    String access = login.path("access_token");
    String refreshToken = login.path("refresh_token");
    introspect(access).then().body("active", equalTo(true));
    String flow = SelfService.resetWithMailedCode(person.staff().login());

    admin()
        .body(
            Map.of(
                "reason",
                "COMPROMISED",
                "until",
                java.time.Instant.now().plusSeconds(48 * 3600).toString()))
        .post(path(person.staff(), "/block"))
        .then()
        .statusCode(200)
        .body("state", equalTo("BLOCKED"))
        .body("blockReason", equalTo("COMPROMISED"));

    // No wait: the next requests already see the block.
    introspect(access).then().statusCode(200).body("active", equalTo(false));
    refresh(refreshToken).then().statusCode(400).body("error", equalTo("invalid_grant"));
    SelfService.json()
        .body(Map.of("flow", flow, "code", "000000"))
        .post("/api/v1/password-reset/verification")
        .then()
        .statusCode(404);
    assertThat(accounts.text("SELECT count(*) FROM one_time_code WHERE staff_id = ?", person.id()))
        .isEqualTo("0");
    assertThat(
            accounts.text(
                "SELECT count(*) FROM session WHERE staff_id = ? AND revoked_at IS NULL",
                person.id()))
        .isEqualTo("0");
    // The code and the notice race to the mailbox: either order.
    assertThat(SelfService.mailBodies(mailbox, 2))
        .anySatisfy(body -> assertThat(body).contains("bloqué"));
    assertThat(
            accounts.text(
                "SELECT event || ':' || result || ':' || reason FROM audit_event"
                    + " WHERE target_id = ? AND event = 'ACCOUNT_BLOCKED'",
                person.id()))
        .isEqualTo("ACCOUNT_BLOCKED:SUCCESS:COMPROMISED");
  }

  @Test
  void aTemporaryBlockEndsByItself() {
    StaffView person = accounts.active();
    admin()
        .body(
            Map.of("reason", "SPAM", "until", java.time.Instant.now().plusSeconds(3600).toString()))
        .post(path(person, "/block"))
        .then()
        .statusCode(200);
    accounts.sql(
        "UPDATE staff SET blocked_until = now() - interval '1 second' WHERE id = ?", person.id());
    // The job (also scheduled every minute: whichever claims the row first ends the block).
    jobs.endBlocks();
    fr.sesame.support.MailAndSms.waitFor(
        () ->
            "ACTIVE".equals(accounts.text("SELECT state FROM staff WHERE id = ?", person.id()))
                ? true
                : null,
        "the end of the block");
    SelfService.login(person.login(), Accounts.PASSWORD).then().statusCode(200);
    assertThat(
            accounts.text(
                "SELECT reason FROM audit_event WHERE target_id = ? AND event = 'ACCOUNT_UNBLOCKED'",
                person.id()))
        .isEqualTo("BLOCK_ENDED");
  }

  @Test
  void deletingPurgesSecretsAtOnceAndTheRetentionPurgeKeepsAPseudonymisedTrail() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    accounts.contact(person.staff(), "SMS", "+33612345678");
    accounts.contact(person.staff(), "EMAIL", TestData.surname("supprime") + "@exemple.fr");
    SelfService.login(person.staff().login(), Accounts.PASSWORD).then().statusCode(200);
    SelfService.resetWithMailedCode(person.staff().login());
    assertThat(accounts.text("SELECT count(*) FROM one_time_code WHERE staff_id = ?", person.id()))
        .isEqualTo("1");
    admin()
        .delete(path(person.staff(), ""))
        .then()
        .statusCode(200)
        .body("state", equalTo("DELETED"));
    for (String table : List.of("credential", "recovery_contact")) {
      assertThat(
              accounts.text("SELECT count(*) FROM " + table + " WHERE staff_id = ?", person.id()))
          .as(table)
          .isEqualTo("0");
    }
    // Its session and a code in flight die with it (SECURITY.md, Data).
    assertThat(
            accounts.text(
                "SELECT count(*) FROM session WHERE staff_id = ? AND revoked_at IS NULL",
                person.id()))
        .isEqualTo("0");
    assertThat(accounts.text("SELECT count(*) FROM one_time_code WHERE staff_id = ?", person.id()))
        .isEqualTo("0");
    SelfService.login(person.staff().login(), Accounts.PASSWORD).then().statusCode(400);
    admin()
        .post(path(person.staff(), "/restore"))
        .then()
        .statusCode(200)
        .body("state", equalTo("PENDING"));
    admin().delete(path(person.staff(), "")).then().statusCode(200);
    int trail =
        Integer.parseInt(
            accounts.text("SELECT count(*) FROM audit_event WHERE target_id = ?", person.id()));
    assertThat(trail).isGreaterThanOrEqualTo(4);

    accounts.sql(
        "UPDATE staff SET deleted_at = now() - interval '400 days' WHERE id = ?", person.id());
    // The job (also scheduled every minute: whichever claims the row first purges it).
    jobs.purgeDeleted();
    fr.sesame.support.MailAndSms.waitFor(
        () ->
            "0".equals(accounts.text("SELECT count(*) FROM staff WHERE id = ?", person.id()))
                ? true
                : null,
        "the purge");
    assertThat(
            accounts.text(
                "SELECT count(*) FROM audit_event WHERE target_id = ? OR actor_id = ?",
                person.id(),
                person.id()))
        .as("no audit row names the purged person any more")
        .isEqualTo("0");
    String pseudonym =
        accounts.text(
            "SELECT target_id::text FROM audit_event WHERE event = 'ACCOUNT_PURGED'"
                + " ORDER BY id DESC LIMIT 1");
    assertThat(
            accounts.text("SELECT count(*) FROM audit_event WHERE target_id::text = ?", pseudonym))
        .as("the trail stays whole under one pseudonym")
        .isEqualTo(Integer.toString(trail + 1));
    // The login is never handed out again.
    assertThat(accounts.text("SELECT count(*) FROM staff WHERE login = ?", person.staff().login()))
        .isEqualTo("0");
  }

  @Test
  void theAuditIsAppendOnlyAndItsRetentionIsEnforced() {
    assertThatThrownBy(
            () ->
                accounts.sql(
                    "UPDATE audit_event SET event = 'TAMPERED' WHERE id = (SELECT max(id) FROM audit_event)"))
        .hasMessageContaining("append-only");
    assertThatThrownBy(
            () ->
                accounts.sql(
                    "DELETE FROM audit_event WHERE id = (SELECT max(id) FROM audit_event)"))
        .hasMessageContaining("append-only");
    accounts.sql(
        "INSERT INTO audit_event (occurred_at, event, result) VALUES (now() - interval '3 years',"
            + " 'ANCIENT_EVENT', 'SUCCESS')");
    assertThat(audit.purgeExpired()).isGreaterThanOrEqualTo(1);
    assertThat(accounts.text("SELECT count(*) FROM audit_event WHERE event = 'ANCIENT_EVENT'"))
        .isEqualTo("0");
  }

  @Test
  void aForcedRenewalDisablesThePasswordAndRefusesItAgain() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String mailbox = TestData.surname("renouvelle") + "@exemple.fr";
    accounts.contact(person.staff(), "EMAIL", mailbox);
    admin().post(path(person.staff(), "/password-renewal")).then().statusCode(204);
    SelfService.login(person.staff().login(), Accounts.PASSWORD).then().statusCode(400);
    assertThat(SelfService.mailBody(mailbox, 1)).contains("/mot-de-passe-oublie");
    String code = issueCode(person.staff());
    String flow = redeem(person.staff().login(), code).path("flow");
    SelfService.json()
        .body(Map.of("flow", flow, "password", Accounts.PASSWORD))
        .post("/api/v1/password-reset/password")
        .then()
        .statusCode(422)
        .body("violations.code", org.hamcrest.Matchers.hasItem("password.reused"));
    SelfService.json()
        .body(Map.of("flow", flow, "password", "Nouvelle-Garrigue-2027"))
        .post("/api/v1/password-reset/password")
        .then()
        .statusCode(200);
    SelfService.login(person.staff().login(), "Nouvelle-Garrigue-2027").then().statusCode(200);
  }

  @Test
  void anAssistedCodeActivatesAPendingAccountOnceAndNeverShowsAPassword() {
    Accounts.Person person = accounts.person("PENDING", null);
    Response issued = admin().post(path(person.staff(), "/assisted-reset"));
    issued.then().statusCode(201).header("Cache-Control", "no-store");
    assertThat(issued.asString()).doesNotContainIgnoringCase("password");
    String code = issued.path("code");
    assertThat(code).matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}");
    redeem(person.staff().login(), "wrong-code-here")
        .then()
        .statusCode(422)
        .body("code", equalTo("assisted-code-invalid"));
    Response flow =
        redeem(person.staff().login(), code.toLowerCase(java.util.Locale.ROOT).replace("-", " "));
    flow.then().statusCode(201).body("kind", equalTo("ACTIVATION"));
    SelfService.json()
        .body(Map.of("flow", flow.path("flow"), "password", "Assistee-Garrigue-2027"))
        .post("/api/v1/activation/password")
        .then()
        .statusCode(200);
    redeem(person.staff().login(), code).then().statusCode(422);
    SelfService.login(person.staff().login(), "Assistee-Garrigue-2027").then().statusCode(200);
    assertThat(
            accounts.text(
                "SELECT count(*) FROM audit_event a WHERE a::text LIKE ?", "%" + code + "%"))
        .isEqualTo("0");
  }

  @Test
  void administratorsNeedTheStricterPasswordToAdminister() {
    StaffView person = accounts.activeIn("34", "Mistral#Cers26");
    accounts.sql(
        "INSERT INTO admin_role (staff_id, role, granted_at, granted_by) VALUES (?, 'support', now(), 'test')",
        person.id());
    SelfService.login(person.login(), "Mistral#Cers26").then().statusCode(200);
    given()
        .auth()
        .preemptive()
        .basic(Admins.CLIENT, Admins.SECRET)
        .contentType("application/x-www-form-urlencoded; charset=UTF-8")
        .formParam("grant_type", "password")
        .formParam("username", person.login())
        .formParam("password", "Mistral#Cers26")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("error_description", org.hamcrest.Matchers.containsString("administrator"));
    assertThat(
            accounts.text(
                "SELECT count(*) FROM session WHERE staff_id = ? AND client_id = ?",
                person.id(),
                Admins.CLIENT))
        .as("no administration session opened")
        .isEqualTo("0");
  }

  @Test
  void onlyAcademieAdministratorsActOnAdministrators() {
    Admins.Admin target = Admins.create("academie-admin", null, "34");
    String person = "/api/v1/admin/staff/" + target.id();
    for (Admins.Admin by : List.of(Admins.of("dsden-admin", "34"), Admins.of("support", null))) {
      Management.given(management)
          .header("Authorization", by.bearer())
          .post(person + "/assisted-reset")
          .then()
          .statusCode(403)
          .body("code", equalTo("target-is-administrator"));
    }
    Management.given(management)
        .header("Authorization", Admins.of("dsden-admin", "34").bearer())
        .contentType("application/json")
        .body(Map.of("reason", "COMPROMISED"))
        .post(person + "/block")
        .then()
        .statusCode(403)
        .body("code", equalTo("target-is-administrator"));
    admin().body(Map.of("reason", "COMPROMISED")).post(person + "/block").then().statusCode(200);
    // A blocked administrator administers nothing, from the next call on.
    Management.given(management)
        .header("Authorization", target.bearer())
        .get("/api/v1/admin/staff?q=zz")
        .then()
        .statusCode(401);
  }

  @Test
  void anAdministratorsNewPasswordFollowsTheStricterPolicy() {
    Admins.Admin support = Admins.create("support", null, "34");
    String token = SelfService.login(support.login(), Admins.PASSWORD).path("access_token");
    given()
        .auth()
        .oauth2(token)
        .contentType("application/json")
        .body(Map.of("currentPassword", Admins.PASSWORD, "newPassword", "Mistral#Cers27x"))
        .post("/api/v1/me/password")
        .then()
        .statusCode(422)
        .body("violations.code", org.hamcrest.Matchers.hasItem("password.too-short"));
  }

  @Test
  void aPersonSeesTheirOwnSecurityEvents() {
    StaffView person = accounts.active();
    SelfService.login(person.login(), "Mauvais-Mot-2026").then().statusCode(400);
    String token = SelfService.login(person.login(), Accounts.PASSWORD).path("access_token");
    given()
        .auth()
        .oauth2(token)
        .get("/api/v1/me/events")
        .then()
        .statusCode(200)
        .body("items.event", org.hamcrest.Matchers.hasItems("LOGIN"))
        .body("items.result", org.hamcrest.Matchers.hasItems("SUCCESS", "FAILURE"));
  }

  @Test
  void theAuditExportsAsJsonLines() {
    StaffView person = accounts.active();
    admin().get(path(person, "")).then().statusCode(200);
    String lines =
        admin()
            .get("/api/v1/admin/audit/export?event=ADMIN_STAFF_VIEW&target=" + person.id())
            .then()
            .statusCode(200)
            .contentType("application/x-ndjson")
            .extract()
            .asString();
    assertThat(lines.lines().toList()).hasSize(1);
    assertThat(lines).contains("\"event\":\"ADMIN_STAFF_VIEW\"").contains(person.id().toString());
  }

  private String issueCode(StaffView person) {
    return admin()
        .post(path(person, "/assisted-reset"))
        .then()
        .statusCode(201)
        .extract()
        .path("code");
  }

  private static Response redeem(String login, String code) {
    return SelfService.json()
        .body(Map.of("identifier", login, "code", code))
        .post("/api/v1/password-reset/assisted");
  }
}
