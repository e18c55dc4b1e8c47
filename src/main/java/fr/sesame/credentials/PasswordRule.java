package fr.sesame.credentials;

import java.util.Optional;

/** One rule of the password policy: one class each, one code each (Keycloak's shape). */
interface PasswordRule {

  /** The violation of this rule by an NFKC-normalised password, if any. */
  Optional<PolicyViolation> check(String password, PasswordContext context);
}
