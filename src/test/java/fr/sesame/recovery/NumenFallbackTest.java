package fr.sesame.recovery;

import static fr.sesame.support.SelfService.json;
import static org.hamcrest.Matchers.equalTo;

import fr.sesame.support.Accounts;
import fr.sesame.support.SelfService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the fallback switched on, as the académies' portals work today. */
@QuarkusTest
@TestProfile(NumenFallbackTest.FallbackOn.class)
class NumenFallbackTest {

  public static class FallbackOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sesame.recovery.numen-fallback", "true");
    }
  }

  @Inject Accounts accounts;

  @Test
  void numenAndBirthDateResetAnAccountThatHasNoChannel() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String flow =
        json()
            .body(Map.of("identifier", person.staff().login()))
            .post("/api/v1/password-reset")
            .path("flow");
    json()
        .body(Map.of("flow", flow, "numen", person.numen(), "birthDate", "18/04/1988"))
        .post("/api/v1/password-reset/fallback")
        .then()
        .statusCode(422)
        .body("code", equalTo("details-not-recognised"));
    json()
        .body(Map.of("flow", flow, "numen", person.numen(), "birthDate", person.birthDate()))
        .post("/api/v1/password-reset/fallback")
        .then()
        .statusCode(200)
        .body("state", equalTo("VERIFIED"));
    json()
        .body(Map.of("flow", flow, "password", "Cevennes-Chataigne-5521"))
        .post("/api/v1/password-reset/password")
        .then()
        .statusCode(200)
        .body("state", equalTo("DONE"));
    SelfService.login(person.staff().login(), "Cevennes-Chataigne-5521").then().statusCode(200);
  }

  @Test
  void identifiedByNumenWithoutAChannelTheFlowMayChooseAPasswordAtOnce() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String flow =
        json()
            .body(Map.of("numen", person.numen(), "birthDate", person.birthDate()))
            .post("/api/v1/password-reset")
            .then()
            .statusCode(201)
            .body("state", equalTo("VERIFIED"))
            .extract()
            .path("flow");
    json()
        .body(Map.of("flow", flow, "password", "Cevennes-Chataigne-5521"))
        .post("/api/v1/password-reset/password")
        .then()
        .statusCode(200);
  }

  @Test
  void theFallbackHasItsOwnStricterLimitPerAddress() {
    Accounts.Person person = accounts.person("ACTIVE", null);
    String address = SelfService.someAddress();
    String flow =
        SelfService.from(address)
            .body(Map.of("identifier", person.staff().login()))
            .post("/api/v1/password-reset")
            .path("flow");
    for (int i = 0; i < 5; i++) {
      Accounts.Person other = accounts.person("ACTIVE", null);
      SelfService.from(address)
          .body(Map.of("flow", flow, "numen", other.numen(), "birthDate", other.birthDate()))
          .post("/api/v1/password-reset/fallback")
          .then()
          .statusCode(422);
    }
    SelfService.from(address)
        .body(Map.of("flow", flow, "numen", person.numen(), "birthDate", person.birthDate()))
        .post("/api/v1/password-reset/fallback")
        .then()
        .statusCode(429)
        .body("code", equalTo("too-many-requests"));
  }
}
