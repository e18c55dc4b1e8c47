package fr.sesame.tokens;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The form body of an OAuth request (RFC 6749 §3.2, application/x-www-form-urlencoded, values in
 * UTF-8), read strictly: a body of another type is refused with 415, and a malformed escape ({@code
 * %ZZ}), invalid UTF-8 or a NUL character with 400, both as {@code invalid_request}. The
 * framework's own form reader fails on a malformed escape with an exception of its own, which would
 * be answered as a server error, and would answer the wrong type with a problem+json that OAuth
 * clients do not read; a NUL reaching PostgreSQL in a username is refused there as an error.
 */
final class OAuthForm {

  private static final String MEDIA_TYPE = "application/x-www-form-urlencoded";

  private final Map<String, List<String>> values;

  private OAuthForm(Map<String, List<String>> values) {
    this.values = values;
  }

  static OAuthForm parse(String contentType, byte[] body) {
    if (!isForm(contentType)) {
      throw OAuthError.notAForm();
    }
    Map<String, List<String>> values = new HashMap<>();
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '&') {
        if (i > start) {
          int equals = start;
          while (equals < i && body[equals] != '=') {
            equals++;
          }
          String name = decode(body, start, equals);
          String value = equals < i ? decode(body, equals + 1, i) : "";
          values.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
        }
        start = i + 1;
      }
    }
    return new OAuthForm(values);
  }

  /** The parameter's value, null when absent; RFC 6749 §3.2: never more than once. */
  String single(String name) {
    List<String> found = values.get(name);
    if (found == null) {
      return null;
    }
    if (found.size() > 1) {
      throw OAuthError.invalidRequest(name + " is repeated.");
    }
    return found.get(0);
  }

  /**
   * Whether the body is declared a form. A charset parameter is not read: RFC 6749 (appendix B)
   * encodes the values in UTF-8, and clients that label their ASCII bodies ISO-8859-1 (the default
   * of several Java libraries) have always been served.
   */
  private static boolean isForm(String contentType) {
    return contentType != null
        && MEDIA_TYPE.equals(contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT));
  }

  private static String decode(byte[] body, int from, int to) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (b == '+') {
        bytes.write(' ');
      } else if (b == '%') {
        int high = i + 2 < to ? Character.digit(body[i + 1], 16) : -1;
        int low = i + 2 < to ? Character.digit(body[i + 2], 16) : -1;
        if (high < 0 || low < 0) {
          throw malformed();
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else {
        bytes.write(b);
      }
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      throw malformed();
    }
    if (text.indexOf('\0') >= 0) {
      throw malformed();
    }
    return text;
  }

  private static OAuthError malformed() {
    return OAuthError.invalidRequest("The body is not a valid UTF-8 form.");
  }
}
