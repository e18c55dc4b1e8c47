package fr.sesame.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void reportsReadyWithTheDatabaseOnTheManagementPort() {
    given()
        .baseUri(management.toString())
        .get("health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", org.hamcrest.Matchers.hasItem(containsString("Database")));
  }

  @Test
  void servesPrometheusMetricsOnTheManagementPort() {
    given()
        .baseUri(management.toString())
        .get("metrics")
        .then()
        .statusCode(200)
        .body(containsString("jvm_memory_used_bytes"));
  }
}
