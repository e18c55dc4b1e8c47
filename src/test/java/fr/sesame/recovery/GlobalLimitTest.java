package fr.sesame.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.support.Accounts;
import fr.sesame.support.SelfService;
import fr.sesame.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A distributed attack: every address is new, the global limit still holds, for everyone alike. */
@QuarkusTest
@TestProfile(GlobalLimitTest.SmallGlobalLimit.class)
class GlobalLimitTest {

  public static class SmallGlobalLimit implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sesame.recovery.limits.global",
          "4",
          "sesame.embedded-postgres.database",
          "global_limit");
    }
  }

  @Inject Accounts accounts;

  @Test
  void theGlobalLimitStopsIdentificationFromEveryAddressWithOneMessage() {
    Accounts.Person person = accounts.person("PENDING", null);
    for (int i = 0; i < 4; i++) {
      SelfService.json()
          .body(Map.of("numen", TestData.numen(), "birthDate", "01/01/1990"))
          .post("/api/v1/activation")
          .then()
          .statusCode(422);
    }
    Response known =
        SelfService.json()
            .body(Map.of("numen", person.numen(), "birthDate", person.birthDate()))
            .post("/api/v1/activation");
    Response reset =
        SelfService.json().body(Map.of("identifier", "quelquun")).post("/api/v1/password-reset");
    assertThat(known.statusCode()).isEqualTo(429);
    assertThat(reset.statusCode()).isEqualTo(429);
    assertThat(known.asString()).isEqualTo(reset.asString()).contains("too-many-requests");
  }
}
