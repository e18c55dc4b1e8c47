package fr.sesame.tokens;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A successful token response (RFC 6749 §5.1). */
record TokenResponse(
    @JsonProperty("access_token") String accessToken,
    @JsonProperty("token_type") String tokenType,
    @JsonProperty("expires_in") long expiresIn,
    @JsonProperty("refresh_token") String refreshToken) {}
