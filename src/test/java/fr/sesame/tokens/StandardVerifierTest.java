package fr.sesame.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * A standard resource server (SmallRye JWT, what Quarkus and MicroProfile services use) accepts our
 * access tokens knowing only the issuer and the JWKS address, for ES256 and for RS256.
 */
@QuarkusTest
class StandardVerifierTest {

  @Inject Accounts accounts;

  @TestHTTPResource("/.well-known/jwks.json")
  URL jwks;

  private DefaultJWTParser verifier(String audience, SignatureAlgorithm algorithm) {
    JWTAuthContextInfo context = new JWTAuthContextInfo(jwks.toString(), "http://localhost:8080");
    context.setExpectedAudience(Set.of(audience));
    context.setSignatureAlgorithm(Set.of(algorithm));
    return new DefaultJWTParser(context);
  }

  @Test
  void acceptsOurTokensFromTheJwksAlone() throws ParseException {
    StaffView person = accounts.active();
    String es256 = OAuth.login(person.login(), Accounts.PASSWORD).path("access_token");
    JsonWebToken token = verifier("imap.ac-montpellier.fr", SignatureAlgorithm.ES256).parse(es256);
    assertThat(token.getName()).isEqualTo(person.login());
    assertThat(token.getSubject()).isEqualTo(person.id().toString());
    assertThat(token.<String>getClaim("email")).isEqualTo(person.address());

    String rs256 =
        OAuth.login(OAuth.LEGACY, OAuth.LEGACY_SECRET, person.login(), Accounts.PASSWORD)
            .path("access_token");
    assertThat(verifier("legacy", SignatureAlgorithm.RS256).parse(rs256).getName())
        .isEqualTo(person.login());
  }

  @Test
  void refusesOurTokensForAnotherAudience() {
    StaffView person = accounts.active();
    String es256 = OAuth.login(person.login(), Accounts.PASSWORD).path("access_token");
    assertThatThrownBy(() -> verifier("legacy", SignatureAlgorithm.ES256).parse(es256))
        .isInstanceOf(ParseException.class);
  }
}
