package fr.sesame.tokens;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An access token whose signature, issuer, type and times were checked. */
record VerifiedToken(
    String kid,
    String algorithm,
    UUID jti,
    UUID subject,
    UUID sessionId,
    String clientId,
    List<String> audiences,
    Instant issuedAt,
    Instant expiresAt,
    Map<String, Object> claims) {}
