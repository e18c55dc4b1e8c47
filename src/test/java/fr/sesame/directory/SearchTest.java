package fr.sesame.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import fr.sesame.support.Management;
import fr.sesame.support.TestData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SearchTest {

  @TestHTTPResource(value = "/", management = true)
  URL management;

  private String family;
  private String folded;

  /** Twelve people sharing a surname no other test uses, among them one in a school of its own. */
  @BeforeEach
  void people() {
    family = "Lé" + TestData.surname("fèvre");
    folded = NameFolding.fold(family);
    StringBuilder file = new StringBuilder(ImportTest.HEADER);
    String[] firsts = {
      "Zoé", "Élodie", "Anne", "Bruno", "Chloé", "David", "Emma", "Farid", "Gaël", "Hugo", "Inès"
    };
    for (String first : firsts) {
      file.append(ImportTest.row(TestData.numen(), family, first, ";"));
    }
    file.append(
        ImportTest.row(TestData.numen(), "De " + family, "Jules", uaiOf(folded) + ";Lycée test"));
    Management.asAdmin(management)
        .contentType("text/csv")
        .body(file.toString())
        .post("/api/v1/admin/imports")
        .then()
        .statusCode(201);
  }

  /** A UAI that belongs to this test's run only (7 digits from the surname, and a letter). */
  private static String uaiOf(String folded) {
    return String.format("%07d", Math.abs(folded.hashCode()) % 10_000_000) + "T";
  }

  @Test
  void findsByFamilyNamePrefixIgnoringAccentsAndCase() {
    List<String> firsts =
        search(family.toUpperCase(Locale.ROOT).substring(0, family.length() - 1), 50)
            .path("items.firstName");
    assertThat(firsts).hasSize(11).startsWith("Anne", "Bruno", "Chloé").contains("Élodie", "Zoé");
    assertThat(search(folded, 50).<List<String>>path("items.firstName")).hasSize(11);
  }

  @Test
  void findsWithTheFirstNameFirstOrLast() {
    assertThat(search("élodie " + family, 20).<List<String>>path("items.firstName"))
        .containsExactly("Élodie");
    assertThat(search(family + " elo", 20).<List<String>>path("items.firstName"))
        .containsExactly("Élodie");
    assertThat(search("de " + family + " j", 20).<List<String>>path("items.firstName"))
        .containsExactly("Jules");
  }

  @Test
  void findsByLoginPrefixAndByAddress() {
    assertThat(search("h" + folded, 20).<List<String>>path("items.login"))
        .containsExactly("h" + folded);
    assertThat(
            search("INES." + folded.toUpperCase(Locale.ROOT) + "@AC-MONTPELLIER.FR", 20)
                .<List<String>>path("items.firstName"))
        .containsExactly("Inès");
  }

  @Test
  void findsByUai() {
    assertThat(
            search(uaiOf(folded).toLowerCase(Locale.ROOT), 20)
                .<List<String>>path("items.firstName"))
        .containsExactly("Jules");
    assertThat(search(uaiOf(folded), 20).<List<String>>path("items.schoolName"))
        .containsExactly("Lycée test");
  }

  @Test
  void pagesThroughEveryoneOnceWithTheCursor() {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      var request = Management.asAdmin(management).queryParam("q", folded).queryParam("limit", 4);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      ExtractableResponse<Response> page =
          request.get("/api/v1/admin/staff").then().statusCode(200).extract();
      seen.addAll(page.path("items.firstName"));
      cursor = page.path("next");
      pages++;
    } while (cursor != null);
    assertThat(seen)
        .hasSize(11)
        .doesNotHaveDuplicates()
        .isSortedAccordingTo((a, b) -> NameFolding.fold(a).compareTo(NameFolding.fold(b)));
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void neverShowsTheNumenOrTheBirthDate() {
    String body =
        Management.asAdmin(management)
            .queryParam("q", folded)
            .get("/api/v1/admin/staff")
            .asString();
    assertThat(body).contains("34E*******").doesNotContain("birth").doesNotContain("1981");
  }

  @Test
  void refusesUnusableQueries() {
    for (String query : new String[] {"", "a", "  é ", "--"}) {
      Management.asAdmin(management)
          .queryParam("q", query)
          .get("/api/v1/admin/staff")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("code", equalTo("search-too-short"));
    }
    Management.asAdmin(management)
        .queryParam("q", "x@y'; DROP TABLE staff;--")
        .get("/api/v1/admin/staff")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-search"));
    Management.asAdmin(management)
        .queryParam("q", folded)
        .queryParam("limit", "1000")
        .get("/api/v1/admin/staff")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-limit"));
    Management.asAdmin(management)
        .queryParam("q", folded)
        .queryParam("limit", "dix")
        .get("/api/v1/admin/staff")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-limit"));
    Management.asAdmin(management)
        .queryParam("q", folded)
        .queryParam("cursor", "not-a-cursor!")
        .get("/api/v1/admin/staff")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-cursor"));
  }

  private ExtractableResponse<Response> search(String query, int limit) {
    return Management.asAdmin(management)
        .queryParam("q", query)
        .queryParam("limit", limit)
        .get("/api/v1/admin/staff")
        .then()
        .statusCode(200)
        .extract();
  }
}
