package fr.sesame.tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The negative JWT matrix of SECURITY.md: tokens forged with our real key or an attacker's, each
 * with one thing wrong, refused by introspection and by the bearer-protected API alike.
 */
@QuarkusTest
class JwtMatrixTest {

  @Inject Accounts accounts;
  @Inject SigningKeys keys;

  private StaffView person;
  private String sessionId;
  private String refreshToken;

  @BeforeEach
  void login() {
    person = accounts.active();
    Response login = OAuth.login(person.login(), Accounts.PASSWORD);
    String access = login.path("access_token");
    refreshToken = login.path("refresh_token");
    Map<String, Object> claims =
        io.restassured.path.json.JsonPath.from(
                new String(
                    Base64.getUrlDecoder().decode(access.split("\\.")[1]), StandardCharsets.UTF_8))
            .getMap("$");
    sessionId = (String) claims.get("sid");
  }

  private JwtClaims claims() {
    JwtClaims claims = new JwtClaims();
    long now = Instant.now().getEpochSecond();
    claims.setIssuer("http://localhost:8080");
    claims.setSubject(person.id().toString());
    claims.setAudience("webmail");
    claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now));
    claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + 240));
    claims.setJwtId(UUID.randomUUID().toString());
    claims.setClaim("client_id", "webmail");
    claims.setClaim("sid", sessionId);
    claims.setClaim("preferred_username", person.login());
    return claims;
  }

  private String forge(Consumer<JwtClaims> claimsChange, Consumer<JsonWebSignature> headerChange)
      throws Exception {
    SigningKey real = keys.signer("ES256");
    JwtClaims claims = claims();
    claimsChange.accept(claims);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setAlgorithmHeaderValue("ES256");
    jws.setKeyIdHeaderValue(real.kid());
    jws.setHeader("typ", "at+jwt");
    jws.setKey(real.privateKey());
    headerChange.accept(jws);
    return jws.getCompactSerialization();
  }

  private static boolean accepted(String token) {
    boolean introspected = OAuth.introspect(token).then().statusCode(200).extract().path("active");
    int api = given().auth().oauth2(token).get("/api/v1/me/sessions").statusCode();
    assertThat(api == 200).isEqualTo(introspected);
    return introspected;
  }

  @Test
  void acceptsAWellFormedTokenSignedWithOurKey() throws Exception {
    // The harness itself: the same forging path with nothing wrong is accepted.
    assertThat(accepted(forge(c -> {}, h -> {}))).isTrue();
  }

  @Test
  void refusesAlgNone() throws Exception {
    String token =
        forge(
            c -> {},
            h -> {
              h.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
              h.setAlgorithmHeaderValue("none");
              h.setKey(null);
            });
    assertThat(accepted(token)).isFalse();
    String[] parts = forge(c -> {}, h -> {}).split("\\.");
    String unsigned =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    ("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\""
                            + keys.signer("ES256").kid()
                            + "\"}")
                        .getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[1]
            + ".";
    assertThat(accepted(unsigned)).isFalse();
  }

  @Test
  void refusesHmacSignedWithThePublicKey() throws Exception {
    SigningKey real = keys.signer("RS256");
    Key secret = new SecretKeySpec(real.publicKey().getEncoded(), "HmacSHA256");
    String token =
        forge(
            c -> c.setAudience("legacy"),
            h -> {
              h.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
              h.setAlgorithmHeaderValue("HS256");
              h.setKeyIdHeaderValue(real.kid());
              h.setKey(secret);
            });
    assertThat(accepted(token)).isFalse();
  }

  @Test
  void refusesAnAlgorithmThatIsNotTheKeys() throws Exception {
    PublicJsonWebKey attacker = RsaJwkGenerator.generateJwk(2048);
    String token =
        forge(
            c -> {},
            h -> {
              h.setAlgorithmHeaderValue("RS256");
              h.setKey(attacker.getPrivateKey());
            });
    assertThat(accepted(token)).isFalse();
  }

  @Test
  void neverLetsTheTokenChooseItsKey() throws Exception {
    PublicJsonWebKey attacker = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    attacker.setKeyId("attacker");
    for (String header : List.of("jwk", "jku", "x5u")) {
      String token =
          forge(
              c -> {},
              h -> {
                h.setKey(attacker.getPrivateKey());
                h.setKeyIdHeaderValue("attacker");
                if ("jwk".equals(header)) {
                  h.getHeaders().setJwkHeaderValue("jwk", attacker);
                } else {
                  h.setHeader(header, "https://attacker.example/keys.json");
                }
              });
      assertThat(accepted(token)).as(header).isFalse();
      // Even signed with our real key, a token carrying such a header is refused.
      String withRealKey =
          forge(
              c -> {},
              h -> h.setHeader(header.equals("jwk") ? "jku" : header, "https://a.example/k"));
      assertThat(accepted(withRealKey)).as(header + " with our key").isFalse();
    }
  }

  @Test
  void refusesHostileKeyIds() throws Exception {
    for (String kid :
        List.of("../../../../etc/passwd", "' OR '1'='1", "x".repeat(5000), "", "null")) {
      String token = forge(c -> {}, h -> h.setKeyIdHeaderValue(kid));
      assertThat(accepted(token)).as(kid).isFalse();
    }
  }

  @Test
  void refusesTokensOutOfTheirTime() throws Exception {
    long now = Instant.now().getEpochSecond();
    assertThat(
            accepted(
                forge(
                    c -> {
                      c.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now - 600));
                      c.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now - 300));
                    },
                    h -> {})))
        .as("expired")
        .isFalse();
    assertThat(
            accepted(
                forge(
                    c -> c.setNotBefore(org.jose4j.jwt.NumericDate.fromSeconds(now + 120)),
                    h -> {})))
        .as("not yet valid")
        .isFalse();
    assertThat(
            accepted(
                forge(
                    c -> c.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + 3600)),
                    h -> {})))
        .as("longer than five minutes")
        .isFalse();
  }

  @Test
  void refusesTheWrongIssuerAudienceOrType() throws Exception {
    assertThat(accepted(forge(c -> c.setIssuer("https://evil.example"), h -> {}))).isFalse();
    assertThat(accepted(forge(c -> c.setAudience("someone-else"), h -> {}))).isFalse();
    assertThat(accepted(forge(c -> c.setClaim("client_id", "unknown"), h -> {}))).isFalse();
    assertThat(accepted(forge(c -> {}, h -> h.setHeader("typ", "id+jwt")))).isFalse();
    assertThat(accepted(forge(c -> {}, h -> h.getHeaders().setObjectHeaderValue("typ", null))))
        .isFalse();
  }

  @Test
  void refusesATamperedToken() throws Exception {
    String token = forge(c -> {}, h -> {});
    String[] parts = token.split("\\.");
    String otherClaims =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                forge(c -> c.setClaim("preferred_username", "admin"), h -> {})
                    .split("\\.")[1]
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(
            accepted(
                parts[0]
                    + "."
                    + new String(Base64.getUrlDecoder().decode(otherClaims), StandardCharsets.UTF_8)
                    + "."
                    + parts[2]))
        .isFalse();
  }

  @Test
  void refusesARefreshTokenPresentedAsAnAccessToken() {
    given()
        .auth()
        .oauth2(refreshToken)
        .get("/api/v1/me/sessions")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", org.hamcrest.Matchers.containsString("invalid_token"));
    given()
        .get("/api/v1/me/sessions")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }
}
