package fr.sesame.support;

import fr.sesame.directory.StaffView;
import io.quarkus.arc.Arc;
import io.restassured.RestAssured;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Administrators for the tests: a real person of the directory with a role in admin_role, logged in
 * through the token endpoint as the test profile's administration client ("console"), like any
 * administration tool. Tokens are kept for four minutes (they live five), per running application,
 * so that a restart with another profile gets administrators of its own database.
 */
public final class Admins {

  public static final String CLIENT = "console";
  public static final String SECRET = "test-console-secret";
  public static final String PASSWORD = "Tramontane-Garrigue-Cers-2026";

  /** An administrator of a test: who they are and a live access token. */
  public record Admin(UUID id, String login, String token, long issuedAt) {
    public String bearer() {
      return "Bearer " + token;
    }
  }

  private static final Map<String, Admin> KEPT = new ConcurrentHashMap<>();

  private Admins() {}

  /** Forgets the tokens kept (an emergency rotation withdrew their key). */
  public static void forget() {
    KEPT.clear();
  }

  /** An académie administrator of the running application. */
  public static Admin academie() {
    return of("academie-admin", null);
  }

  /** An administrator with {@code role} (and {@code departement} for dsden-admin). */
  public static synchronized Admin of(String role, String departement) {
    String key = RestAssured.port + ":" + role + ":" + departement;
    Admin kept = KEPT.get(key);
    // The service's clock (tests move it forward) decides whether the kept token still lives.
    if (kept != null && now() - kept.issuedAt() < 240_000 && now() >= kept.issuedAt()) {
      return kept;
    }
    Admin fresh = create(role, departement, departement == null ? "34" : departement);
    KEPT.put(key, fresh);
    return fresh;
  }

  /** A new administrator every time (for tests that block or delete administrators). */
  public static Admin create(String role, String departement, String ownDepartement) {
    Accounts accounts = Arc.container().instance(Accounts.class).get();
    StaffView staff = accounts.activeIn(ownDepartement, PASSWORD);
    if (role != null) {
      accounts.sql(
          "INSERT INTO admin_role (staff_id, role, departement_code, granted_at, granted_by)"
              + " VALUES (?, ?, ?, now(), 'test')",
          staff.id(),
          role,
          departement);
    }
    String token = login(staff.login(), PASSWORD);
    return new Admin(staff.id(), staff.login(), token, now());
  }

  private static long now() {
    return Arc.container().instance(TestClock.class).get().instant().toEpochMilli();
  }

  /** Logs in through the administration client; the access token. */
  public static String login(String login, String password) {
    return RestAssured.given()
        .header("X-Forwarded-For", "198.19.0." + (1 + (int) (Math.random() * 250)))
        .auth()
        .preemptive()
        .basic(CLIENT, SECRET)
        .contentType("application/x-www-form-urlencoded; charset=UTF-8")
        .formParam("grant_type", "password")
        .formParam("username", login)
        .formParam("password", password)
        .post("/oauth2/token")
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }
}
