package fr.sesame.tokens;

import java.util.List;
import java.util.Set;

/** A registered client, as the token endpoints see it once authenticated. */
record Client(
    String id,
    byte[] secretSha256,
    List<String> audiences,
    Set<String> grants,
    boolean introspection,
    String algorithm,
    String tokenType,
    boolean administration) {

  static final String PASSWORD = "password";
  static final String REFRESH_TOKEN = "refresh_token";

  boolean allows(String grant) {
    return grants.contains(grant);
  }
}
