package fr.sesame.tokens;

import java.util.UUID;

/** The person behind a valid access token, and the session it belongs to. */
public record Caller(UUID staffId, UUID sessionId, String clientId) {}
