package fr.sesame.admin;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import fr.sesame.support.Admins;
import fr.sesame.support.Management;
import fr.sesame.support.TestData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every role × every administration endpoint × a person inside and outside the caller's scope
 * (README, "Administration", prints the same table). Expectations are written here, not read from
 * the code's matrix, so that a wrong grant in Role fails this test. Every refusal leaves an audit
 * row naming the administrator.
 */
@QuarkusTest
class AdminMatrixTest {

  private static final String IN = "34";
  private static final String OUT = "30";

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Inject Accounts accounts;

  /** One endpoint: how to call it about a person, and which roles it opens (A, D, S, U). */
  private record Endpoint(
      String name, String roles, boolean aboutAPerson, Function<Call, Response> call) {}

  /** A call: as whom, about whom. */
  private record Call(RequestSpecification as, StaffView target) {}

  private static final Map<String, String> ROLES =
      new java.util.TreeMap<>(
          Map.of("A", "academie-admin", "D", "dsden-admin", "S", "support", "U", "auditor"));

  private static List<Endpoint> endpoints() {
    List<Endpoint> all = new ArrayList<>();
    all.add(new Endpoint("GET /staff", "ADS", false, c -> c.as().get(base("/staff?q=zz"))));
    all.add(
        new Endpoint(
            "POST /staff",
            "AD",
            true,
            c ->
                json(c.as())
                    .body(
                        Map.of(
                            "numen",
                            TestData.numen(),
                            "familyName",
                            TestData.surname("Matrice"),
                            "firstName",
                            "Noé",
                            "birthDate",
                            "1990-01-01",
                            "category",
                            "1D",
                            "departement",
                            c.target().departement()))
                    .post(base("/staff"))));
    all.add(new Endpoint("GET /staff/{id}", "ADS", true, c -> c.as().get(person(c, ""))));
    all.add(
        new Endpoint(
            "POST /staff/{id}/block",
            "AD",
            true,
            c -> json(c.as()).body(Map.of("reason", "COMPROMISED")).post(person(c, "/block"))));
    all.add(
        new Endpoint(
            "POST /staff/{id}/unblock", "AD", true, c -> c.as().post(person(c, "/unblock"))));
    all.add(
        new Endpoint(
            "POST /staff/{id}/password-renewal",
            "AD",
            true,
            c -> c.as().post(person(c, "/password-renewal"))));
    all.add(new Endpoint("DELETE /staff/{id}", "AD", true, c -> c.as().delete(person(c, ""))));
    all.add(
        new Endpoint(
            "POST /staff/{id}/restore", "AD", true, c -> c.as().post(person(c, "/restore"))));
    all.add(
        new Endpoint(
            "DELETE /staff/{id}/sessions", "AD", true, c -> c.as().delete(person(c, "/sessions"))));
    all.add(
        new Endpoint(
            "POST /staff/{id}/assisted-reset",
            "ADS",
            true,
            c -> c.as().post(person(c, "/assisted-reset"))));
    all.add(
        new Endpoint(
            "POST /staff/{id}/activation-reminder",
            "ADS",
            true,
            c -> c.as().post(person(c, "/activation-reminder"))));
    all.add(
        new Endpoint(
            "PUT /staff/{id}/role",
            "A",
            true,
            c -> json(c.as()).body(Map.of("role", "support")).put(person(c, "/role"))));
    all.add(
        new Endpoint("DELETE /staff/{id}/role", "A", true, c -> c.as().delete(person(c, "/role"))));
    all.add(
        new Endpoint("GET /departements", "ADS", false, c -> c.as().get(base("/departements"))));
    all.add(
        new Endpoint(
            "PUT /departements/{code}/contacts/{category}",
            "AD",
            true,
            c ->
                json(c.as())
                    .body(
                        Map.of("service", "Service matrice", "email", "matrice@ac-montpellier.fr"))
                    .put(base("/departements/" + c.target().departement() + "/contacts/AUTRE"))));
    all.add(new Endpoint("GET /audit", "ADU", false, c -> c.as().get(base("/audit?limit=5"))));
    all.add(
        new Endpoint(
            "GET /audit/export",
            "ADU",
            false,
            c -> c.as().get(base("/audit/export?event=NO_SUCH_EVENT"))));
    all.add(
        new Endpoint(
            "POST /imports",
            "A",
            false,
            c ->
                c.as()
                    .contentType("text/csv")
                    .body(
                        "numen;nom;prenom;date_naissance;categorie;departement\n"
                            + TestData.numen()
                            + ";"
                            + TestData.surname("Matrice")
                            + ";Léa;01/01/1990;1D;34\n")
                    .post(base("/imports"))));
    all.add(new Endpoint("GET /imports", "A", false, c -> c.as().get(base("/imports"))));
    all.add(
        new Endpoint(
            "GET /imports/{id}", "A", false, c -> c.as().get(base("/imports/" + importId()))));
    all.add(
        new Endpoint(
            "GET /imports/{id}/report",
            "A",
            false,
            c -> c.as().get(base("/imports/" + importId() + "/report"))));
    all.add(
        new Endpoint("POST /keys/rotation", "A", false, c -> c.as().post(base("/keys/rotation"))));
    // Last: when allowed it withdraws every key, and every token with them (Admins.forget()).
    all.add(
        new Endpoint(
            "POST /keys/emergency-rotation",
            "A",
            false,
            c -> c.as().post(base("/keys/emergency-rotation"))));
    return all;
  }

  private static String importId;

  /** One real import, for the endpoints that read one. */
  private static synchronized String importId() {
    if (importId == null) {
      importId =
          io.restassured.RestAssured.given()
              .baseUri("http://localhost")
              .port(Integer.getInteger("sesame.test.management-port"))
              .header("Authorization", Admins.academie().bearer())
              .contentType("text/csv")
              .body(
                  "numen;nom;prenom;date_naissance;categorie;departement\n"
                      + TestData.numen()
                      + ";"
                      + TestData.surname("Lecture")
                      + ";Léa;01/01/1990;1D;34\n")
              .post(base("/imports"))
              .then()
              .statusCode(201)
              .extract()
              .path("id");
    }
    return importId;
  }

  @org.junit.jupiter.api.BeforeEach
  void managementPort() {
    System.setProperty("sesame.test.management-port", Integer.toString(management.getPort()));
  }

  @Test
  void everyRoleMeetsExactlyItsRightsOnEveryEndpointInsideAndOutsideItsScope() {
    Map<String, String> outcomes = new LinkedHashMap<>();
    for (Endpoint endpoint : endpoints()) {
      for (Map.Entry<String, String> role : ROLES.entrySet()) {
        for (String departement : endpoint.aboutAPerson() ? List.of(IN, OUT) : List.of(IN)) {
          Admins.Admin admin = Admins.of(role.getValue(), "D".equals(role.getKey()) ? IN : null);
          StaffView target = target(endpoint.name(), departement);
          int refusalsBefore = refusals(admin);
          int actionsBefore = actions(admin);
          int status =
              endpoint.call().apply(new Call(as(admin), target)).then().extract().statusCode();
          boolean allowed = endpoint.roles().contains(role.getKey());
          boolean outOfScope = "D".equals(role.getKey()) && OUT.equals(departement);
          String cell = endpoint.name() + " as " + role.getValue() + " on " + departement;
          if (!allowed) {
            assertThat(status).as(cell).isEqualTo(403);
          } else if (outOfScope) {
            assertThat(status)
                .as(cell)
                .isEqualTo(endpoint.name().equals("POST /staff") ? 403 : 404);
          } else {
            assertThat(status).as(cell).isBetween(200, 299);
          }
          if (status >= 400) {
            assertThat(refusals(admin))
                .as(cell + ": the refusal is audited")
                .isGreaterThan(refusalsBefore);
          }
          outcomes.put(cell, Integer.toString(status));
          if (endpoint.name().endsWith("emergency-rotation") && status == 200) {
            Admins.forget();
          }
        }
      }
    }
    assertThat(outcomes)
        .hasSize(endpoints().stream().mapToInt(e -> e.aboutAPerson() ? 8 : 4).sum());
    // The outcome of every cell, for the record (target/admin-matrix.txt).
    try {
      java.nio.file.Files.write(
          java.nio.file.Path.of("target", "admin-matrix.txt"),
          outcomes.entrySet().stream().map(e -> e.getKey() + " → " + e.getValue()).toList());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void withoutAnAdministrationTokenEveryEndpointAnswers401AndIsAudited() {
    StaffView target = target("GET /staff/{id}", IN);
    String webmail =
        fr.sesame.support.SelfService.login(target.login(), Accounts.PASSWORD)
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    Admins.Admin nobody = Admins.of(null, null);
    for (Endpoint endpoint : endpoints()) {
      for (RequestSpecification as :
          List.of(
              Management.given(management),
              Management.given(management).header("Authorization", "Bearer " + webmail),
              Management.given(management).header("Authorization", "Bearer not-a-token"))) {
        endpoint
            .call()
            .apply(new Call(as, target))
            .then()
            .statusCode(401)
            .header("WWW-Authenticate", "Bearer")
            .contentType("application/problem+json");
      }
      // A valid administration token of someone who holds no role: 403.
      endpoint.call().apply(new Call(as(nobody), target)).then().statusCode(403);
    }
    assertThat(refusals(nobody)).isGreaterThanOrEqualTo(endpoints().size());
  }

  @Test
  void aDsdenAdministratorsListsHoldOnlyItsDepartement() {
    String family = TestData.surname("Perimetre");
    StaffView inside = accounts.activeIn(IN, Accounts.PASSWORD);
    StaffView outside = accounts.activeIn(OUT, Accounts.PASSWORD);
    for (StaffView person : List.of(inside, outside)) {
      accounts.sql(
          "UPDATE staff SET family_name = ?, sort_key = ? WHERE id = ?",
          family,
          fr.sesame.directory.NameFolding.fold(family) + " estelle",
          person.id());
    }
    Admins.Admin dsden = Admins.of("dsden-admin", IN);
    Admins.Admin academie = Admins.academie();
    String q = fr.sesame.directory.NameFolding.fold(family);
    assertThat(
            as(dsden)
                .get(base("/staff?q=" + q))
                .then()
                .statusCode(200)
                .extract()
                .<List<String>>path("items.id"))
        .containsExactly(inside.id().toString());
    assertThat(
            as(academie)
                .get(base("/staff?q=" + q))
                .then()
                .statusCode(200)
                .extract()
                .<List<String>>path("items.id"))
        .containsExactlyInAnyOrder(inside.id().toString(), outside.id().toString());
    assertThat(
            as(dsden)
                .get(base("/departements"))
                .then()
                .statusCode(200)
                .extract()
                .<List<String>>path("items.code"))
        .containsExactly(IN);
    // The audit: events about the other département's staff never reach the DSDEN administrator.
    as(academie).get(person(outside, "")).then().statusCode(200);
    as(academie).get(person(inside, "")).then().statusCode(200);
    List<String> seen =
        as(dsden)
            .get(base("/audit?event=ADMIN_STAFF_VIEW&limit=500"))
            .then()
            .statusCode(200)
            .extract()
            .path("items.target");
    assertThat(seen).contains(inside.id().toString()).doesNotContain(outside.id().toString());
  }

  @Test
  void unknownFieldsAreRefusedAndChangeNothing() {
    Admins.Admin academie = Admins.academie();
    StaffView target = accounts.activeIn(IN, Accounts.PASSWORD);
    for (Map<String, Object> body :
        List.of(
            Map.<String, Object>of("reason", "SPAM", "state", "ACTIVE"),
            Map.<String, Object>of("reason", "SPAM", "id", java.util.UUID.randomUUID().toString()),
            Map.<String, Object>of("reason", "SPAM", "departement", "30"))) {
      json(as(academie))
          .body(body)
          .post(person(target, "/block"))
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    json(as(academie))
        .body(Map.of("role", "academie-admin", "departement", "34"))
        .put(person(target, "/role"))
        .then()
        .statusCode(400);
    json(as(academie))
        .body(Map.of("role", "support", "grantedBy", "someone-else"))
        .put(person(target, "/role"))
        .then()
        .statusCode(400);
    json(as(academie))
        .body(
            Map.of(
                "numen",
                TestData.numen(),
                "familyName",
                "Assigne",
                "firstName",
                "Masse",
                "birthDate",
                "1990-01-01",
                "category",
                "1D",
                "departement",
                "34",
                "login",
                "choisi",
                "state",
                "ACTIVE"))
        .post(base("/staff"))
        .then()
        .statusCode(400);
    assertThat(accounts.text("SELECT state FROM staff WHERE id = ?", target.id()))
        .isEqualTo("ACTIVE");
    assertThat(accounts.text("SELECT count(*) FROM admin_role WHERE staff_id = ?", target.id()))
        .isEqualTo("0");
    assertThat(accounts.text("SELECT count(*) FROM staff WHERE login = 'choisi'")).isEqualTo("0");
  }

  /** A fresh person for one cell, in the state the endpoint acts on. */
  private StaffView target(String endpoint, String departement) {
    StaffView person = accounts.activeIn(departement, Accounts.PASSWORD);
    switch (endpoint) {
      case "POST /staff/{id}/unblock" -> accounts.setState(person, "BLOCKED", "SPAM");
      case "POST /staff/{id}/restore" -> accounts.setState(person, "DELETED", null);
      case "POST /staff/{id}/activation-reminder" -> accounts.setState(person, "PENDING", null);
      case "DELETE /staff/{id}/role" ->
          accounts.sql(
              "INSERT INTO admin_role (staff_id, role, granted_at, granted_by)"
                  + " VALUES (?, 'support', now(), 'test')",
              person.id());
      default -> {}
    }
    return person;
  }

  private int refusals(Admins.Admin admin) {
    return Integer.parseInt(
        accounts.text(
            "SELECT count(*) FROM audit_event WHERE result = 'FAILURE' AND (actor_id = ? OR"
                + " (actor_id IS NULL AND ? IS NULL))",
            admin.id(),
            admin.id()));
  }

  private int actions(Admins.Admin admin) {
    return Integer.parseInt(
        accounts.text(
            "SELECT count(*) FROM audit_event WHERE result = 'SUCCESS' AND actor_id = ?",
            admin.id()));
  }

  private RequestSpecification as(Admins.Admin admin) {
    return Management.given(management).header("Authorization", admin.bearer());
  }

  private static RequestSpecification json(RequestSpecification request) {
    return request.contentType("application/json");
  }

  private static String base(String path) {
    return "/api/v1/admin" + path;
  }

  private static String person(Call call, String suffix) {
    return person(call.target(), suffix);
  }

  private static String person(StaffView target, String suffix) {
    return base("/staff/" + target.id() + suffix);
  }
}
