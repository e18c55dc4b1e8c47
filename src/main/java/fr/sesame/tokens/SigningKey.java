package fr.sesame.tokens;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import org.jose4j.jwk.PublicJsonWebKey;

/** A signing key: its public JWK (with {@code kid}, {@code alg}, {@code use}) and private key. */
record SigningKey(
    String kid, String algorithm, PublicJsonWebKey jwk, Instant signsFrom, Instant revokedAt) {

  PrivateKey privateKey() {
    return jwk.getPrivateKey();
  }

  PublicKey publicKey() {
    return jwk.getPublicKey();
  }

  boolean revoked() {
    return revokedAt != null;
  }
}
