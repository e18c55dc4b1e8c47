package fr.sesame.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import fr.sesame.support.Management;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.URL;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** openapi.yaml is the contract: the code serves exactly its endpoints, and serves the file. */
@QuarkusTest
class ContractTest {

  private static final Map<Class<? extends Annotation>, String> VERBS =
      Map.of(
          GET.class,
          "GET",
          POST.class,
          "POST",
          PUT.class,
          "PUT",
          DELETE.class,
          "DELETE",
          PATCH.class,
          "PATCH");
  private static final Set<String> HTTP_METHODS =
      Set.of("get", "post", "put", "delete", "patch", "head", "options");

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void theCodeServesExactlyTheEndpointsOfTheContract() throws Exception {
    assertThat(codeEndpoints()).isEqualTo(endpoints(contract()));
  }

  @Test
  void theServiceServesTheContractFileAsItIs() throws Exception {
    byte[] served =
        Management.given(management)
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .contentType("application/yaml")
            .extract()
            .asByteArray();
    assertThat(served).isEqualTo(Files.readAllBytes(java.nio.file.Path.of("openapi.yaml")));
  }

  @Test
  void theServiceServesTheContractAsJsonOnRequest() throws Exception {
    for (RequestSpecification request :
        List.of(
            Management.given(management).queryParam("format", "json"),
            Management.given(management).queryParam("format", "JSON"),
            Management.given(management).accept("application/json"))) {
      String served =
          request
              .get("/q/openapi")
              .then()
              .statusCode(200)
              .contentType("application/json")
              .extract()
              .asString();
      assertThat(new ObjectMapper().readTree(served)).isEqualTo(contract());
    }
  }

  @Test
  void anUnknownContractFormatIsAProblem() {
    Management.given(management)
        .queryParam("format", "xml")
        .get("/q/openapi")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", org.hamcrest.Matchers.equalTo("unsupported-format"));
  }

  @Test
  void everyProblemResponseOfThePublicApiIsProblemJson() {
    given()
        .get("/api/v1/does-not-exist")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given().post("/api/v1/academie").then().statusCode(405).contentType("application/problem+json");
  }

  private static JsonNode contract() throws IOException {
    return new ObjectMapper(new YAMLFactory())
        .readTree(java.nio.file.Path.of("openapi.yaml").toFile());
  }

  private static Set<String> endpoints(JsonNode openapi) {
    Set<String> endpoints = new TreeSet<>();
    Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              field -> {
                if (HTTP_METHODS.contains(field)) {
                  endpoints.add(field.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                }
              });
    }
    return endpoints;
  }

  private static Set<String> codeEndpoints() throws Exception {
    Set<String> endpoints = new TreeSet<>();
    for (JavaClass type :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("fr.sesame")) {
      // Pages are HTML for people, not the API: the contract leaves them out.
      if (!type.isAnnotatedWith(Path.class) || type.getSimpleName().endsWith("Page")) {
        continue;
      }
      String root = type.getAnnotationOfType(Path.class).value();
      for (JavaMethod method : type.getMethods()) {
        for (Map.Entry<Class<? extends Annotation>, String> verb : VERBS.entrySet()) {
          if (method.isAnnotatedWith(verb.getKey())) {
            String sub =
                method.isAnnotatedWith(Path.class)
                    ? "/" + method.getAnnotationOfType(Path.class).value()
                    : "";
            endpoints.add(
                verb.getValue() + " " + (root + sub).replaceAll("/+", "/").replaceAll("/$", ""));
          }
        }
      }
    }
    // Routes served by Vert.x on the management interface declare themselves in a ROUTES list.
    for (JavaClass type :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("fr.sesame")) {
      if (type.tryGetField("ROUTES").isPresent()) {
        java.lang.reflect.Field routes = type.reflect().getDeclaredField("ROUTES");
        routes.setAccessible(true);
        @SuppressWarnings("unchecked")
        List<String> managementRoutes = (List<String>) routes.get(null);
        endpoints.addAll(managementRoutes);
      }
    }
    return endpoints;
  }
}
