package fr.sesame.tokens;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Access and refresh tokens, and the keys that sign them. */
@ConfigMapping(prefix = "sesame.tokens")
public interface TokensConfig {

  /** The {@code iss} of every token: Sésame's public base URL, as verifiers configure it. */
  @WithDefault("${sesame.public-url}")
  String issuer();

  /** Life of an access token; at most 5 minutes (local verifiers learn of a block that late). */
  @WithDefault("PT5M")
  Duration accessTokenLifetime();

  /** Absolute life of a session (a refresh-token family): rotation never extends it. */
  @WithDefault("PT12H")
  Duration refreshTokenLifetime();

  /** Absolute life of a session on Sésame's own account page. */
  @WithDefault("PT30M")
  Duration pageSessionLifetime();

  /** Signing keys. */
  Keys keys();

  /** Signing keys: generated and stored encrypted in PostgreSQL, or read from files. */
  interface Keys {

    /**
     * 32 random bytes, base64, that encrypt the private keys stored in PostgreSQL (AES-256-GCM).
     * From a secret in production ({@code SESAME_TOKENS_KEYS_ENCRYPTION_KEY}); the dev and test
     * runs make one up, like their database.
     */
    Optional<String> encryptionKey();

    /**
     * PKCS#8 PEM private keys (EC P-256 or RSA) to sign with instead of generated ones: the first
     * of each algorithm signs, all are published. Rotation is then done by changing the files.
     */
    Optional<List<Path>> files();

    /** How long a generated key signs before the next one takes over. */
    @WithDefault("P30D")
    Duration rotationPeriod();

    /**
     * How long the next key is published in the JWKS before it signs. Must exceed the time
     * verifiers cache the JWKS ({@link #jwksMaxAge()}), so none meets a token signed by an unknown
     * key.
     */
    @WithDefault("PT1H")
    Duration publishAhead();

    /** Cache-Control max-age of the JWKS. */
    @WithDefault("PT15M")
    Duration jwksMaxAge();

    /** How often each replica re-reads the key set from the database. */
    @WithDefault("PT10S")
    Duration refreshEvery();
  }
}
