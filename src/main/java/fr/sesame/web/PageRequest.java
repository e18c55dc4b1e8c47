package fr.sesame.web;

import fr.sesame.platform.Messages;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Locale;

/**
 * The language of a page: {@code ?lang=} when the person just chose one (kept in a cookie), else
 * their cookie, else the browser's Accept-Language, French by default.
 */
final class PageRequest {

  static final String LANG_COOKIE = "sesame_lang";

  private PageRequest() {}

  static Locale locale(HttpServerRequest request, List<Locale> acceptable) {
    String chosen = request.getParam("lang");
    if ("en".equals(chosen) || "fr".equals(chosen)) {
      return Messages.of(chosen);
    }
    Cookie cookie = request.getCookie(LANG_COOKIE);
    if (cookie != null && ("en".equals(cookie.getValue()) || "fr".equals(cookie.getValue()))) {
      return Messages.of(cookie.getValue());
    }
    return Messages.pick(acceptable);
  }

  static String chosenLanguage(HttpServerRequest request) {
    String chosen = request.getParam("lang");
    return "en".equals(chosen) || "fr".equals(chosen) ? chosen : null;
  }
}
