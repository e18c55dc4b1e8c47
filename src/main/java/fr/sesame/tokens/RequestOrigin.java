package fr.sesame.tokens;

/** Where a request came from, for throttling and the session list. */
public record RequestOrigin(String clientAddress, String userAgent) {

  private static final int LONGEST_USER_AGENT = 300;

  public RequestOrigin {
    if (userAgent != null) {
      // Stored and shown back: no control characters, bounded.
      userAgent = userAgent.replaceAll("\\p{Cntrl}", " ");
      if (userAgent.length() > LONGEST_USER_AGENT) {
        userAgent = userAgent.substring(0, LONGEST_USER_AGENT);
      }
    }
  }
}
