package fr.sesame.tokens;

import java.time.Instant;
import java.util.UUID;

/** One of a person's sessions, as they see it in their list. */
public record SessionView(
    UUID id,
    String clientId,
    Instant createdAt,
    Instant lastUsedAt,
    Instant expiresAt,
    String clientAddress,
    String userAgent,
    boolean current) {}
