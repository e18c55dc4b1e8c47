package fr.sesame.tokens;

import java.util.Map;

/**
 * An error of the OAuth endpoints, in RFC 6749 §5.2 form ({@code {"error": "invalid_grant"}}): the
 * format every OAuth client library expects there, unlike the problem+json of the REST API.
 * Descriptions never tell which part of a login failed.
 */
final class OAuthError extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final int status;
  private final String error;
  private final String description;
  private final transient Map<String, String> headers;

  OAuthError(int status, String error, String description, Map<String, String> headers) {
    super(error, null, false, false);
    this.status = status;
    this.error = error;
    this.description = description;
    this.headers = headers;
  }

  static OAuthError invalidClient() {
    return new OAuthError(
        401,
        "invalid_client",
        "Client authentication failed.",
        Map.of("WWW-Authenticate", "Basic realm=\"sesame\", charset=\"UTF-8\""));
  }

  static OAuthError invalidRequest(String description) {
    return new OAuthError(400, "invalid_request", description, Map.of());
  }

  /** A body that is not a form: 415 as HTTP says, in the shape OAuth clients read. */
  static OAuthError notAForm() {
    return new OAuthError(
        415, "invalid_request", "The body must be application/x-www-form-urlencoded.", Map.of());
  }

  /** The one answer to every failed login or refresh (SECURITY.md, Login). */
  static OAuthError invalidGrant() {
    return new OAuthError(
        400, "invalid_grant", "The credentials or the grant are not valid.", Map.of());
  }

  /**
   * A correct password of an administrator that the administrators' stricter policy refuses: told
   * only to whoever knows the password.
   */
  static OAuthError administratorPasswordTooWeak() {
    return new OAuthError(
        400,
        "invalid_grant",
        "This password does not meet the administrators' policy (16 characters at least): choose"
            + " another through the forgotten-password page first.",
        Map.of());
  }

  static OAuthError unauthorizedClient() {
    return new OAuthError(
        400, "unauthorized_client", "This client may not use this grant.", Map.of());
  }

  static OAuthError unsupportedGrantType() {
    return new OAuthError(
        400, "unsupported_grant_type", "Supported grants: password, refresh_token.", Map.of());
  }

  static OAuthError temporarilyUnavailable(int retryAfterSeconds) {
    return new OAuthError(
        503,
        "temporarily_unavailable",
        "Too many logins at once; retry shortly.",
        Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }

  String description() {
    return description;
  }

  Map<String, String> headers() {
    return headers;
  }
}
