package fr.sesame.web;

import fr.sesame.directory.AcademieConfig;
import fr.sesame.platform.ProblemException;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every page shares: its frame ({@link Chrome}), its cookies, CSRF protection and the answer.
 *
 * <p>CSRF (SECURITY.md, Pages): every form, the anonymous ones included, carries a token that must
 * equal the one in an HttpOnly, SameSite=Strict cookie (double submit). Another site can make a
 * browser post a form but can neither read nor set that cookie, so it cannot know the token.
 *
 * <p>Flow handles live in HttpOnly, SameSite=Strict cookies scoped to their journey's path, never
 * in URLs (which proxies log and browsers keep in their history).
 */
@ApplicationScoped
class Pages {

  static final String CSRF_COOKIE = "sesame_csrf";
  private static final Base64.Encoder TOKEN = Base64.getUrlEncoder().withoutPadding();

  private final String academie;
  private final boolean secure;
  private final SecureRandom random;

  Pages(
      AcademieConfig academie,
      @ConfigProperty(name = "sesame.public-url") String publicUrl,
      SecureRandom random) {
    this.academie = academie.name();
    this.secure = "https".equalsIgnoreCase(URI.create(publicUrl).getScheme());
    this.random = random;
  }

  /** The frame of a page, with the request's CSRF token (a new one when it has none). */
  Chrome chrome(HttpServerRequest request, HttpHeaders headers) {
    Cookie csrf = request.getCookie(CSRF_COOKIE);
    String token = csrf != null && csrf.getValue().length() == 43 ? csrf.getValue() : newToken();
    return new Chrome(
        PageRequest.locale(request, headers.getAcceptableLanguages()),
        token,
        academie,
        request.path());
  }

  /** True when the form's token is the cookie's. */
  boolean csrfValid(HttpServerRequest request, String field) {
    Cookie csrf = request.getCookie(CSRF_COOKIE);
    return csrf != null
        && field != null
        && csrf.getValue().length() == 43
        && MessageDigest.isEqual(
            csrf.getValue().getBytes(StandardCharsets.US_ASCII),
            field.getBytes(StandardCharsets.US_ASCII));
  }

  /** A page: never cached (it may show a code, an identifier or a flow), with its cookies. */
  Response html(
      TemplateInstance page,
      int status,
      Chrome chrome,
      HttpServerRequest request,
      NewCookie... more) {
    Response.ResponseBuilder response =
        Response.status(status)
            .entity(page)
            .type("text/html;charset=UTF-8")
            .header("Cache-Control", "no-store");
    List<NewCookie> cookies = new ArrayList<>(List.of(more));
    cookies.add(cookie(CSRF_COOKIE, chrome.csrf(), "/", null));
    String chosen = PageRequest.chosenLanguage(request);
    if (chosen != null) {
      cookies.add(cookie(PageRequest.LANG_COOKIE, chosen, "/", Duration.ofDays(365)));
    }
    cookies.forEach(response::cookie);
    return response.build();
  }

  /** Post/redirect/get: after a step, the journey's page shows where the flow now stands. */
  Response seeOther(String path, NewCookie... cookies) {
    Response.ResponseBuilder response =
        Response.seeOther(URI.create(path)).header("Cache-Control", "no-store");
    for (NewCookie cookie : cookies) {
      response.cookie(cookie);
    }
    return response.build();
  }

  /** A journey's flow cookie; {@code null} value forgets it. */
  NewCookie flowCookie(String name, String path, String handle) {
    return handle == null
        ? cookie(name, "", path, Duration.ZERO)
        : cookie(name, handle, path, Duration.ofHours(1));
  }

  static String flowHandle(HttpServerRequest request, String name) {
    Cookie cookie = request.getCookie(name);
    return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
  }

  private NewCookie cookie(String name, String value, String path, Duration maxAge) {
    NewCookie.Builder cookie =
        new NewCookie.Builder(name)
            .value(value)
            .path(path)
            .httpOnly(true)
            .secure(secure)
            .sameSite(NewCookie.SameSite.STRICT);
    if (maxAge != null) {
      cookie.maxAge((int) maxAge.toSeconds());
    }
    return cookie.build();
  }

  private String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return TOKEN.encodeToString(bytes);
  }

  /** How a page shows a refused step: its current state again, with the errors. */
  interface Refusal {
    Response show(Chrome chrome, Errors errors, int status);
  }

  /**
   * A form's POST: checks its CSRF token, takes the step (which may hand back a flow cookie to set)
   * and redirects to {@code path} (post/redirect/get); a refused step is shown by {@code refusal}
   * with the errors, in the person's language, and with what they typed.
   */
  Response step(
      HttpServerRequest request,
      HttpHeaders headers,
      String csrf,
      String path,
      java.util.function.Function<Chrome, NewCookie> action,
      Refusal refusal) {
    return redirectingStep(
        request,
        headers,
        csrf,
        chrome -> {
          NewCookie cookie = action.apply(chrome);
          return cookie == null ? seeOther(path) : seeOther(path, cookie);
        },
        refusal);
  }

  /**
   * The same for a step whose outcome decides where to go next: {@code action} answers the redirect
   * itself (an assisted code leads to the reset or to the first sign-in).
   */
  Response redirectingStep(
      HttpServerRequest request,
      HttpHeaders headers,
      String csrf,
      java.util.function.Function<Chrome, Response> action,
      Refusal refusal) {
    Chrome chrome = chrome(request, headers);
    if (!csrfValid(request, csrf)) {
      return refusal.show(
          chrome,
          new Errors("csrf", chrome.m("csrf.title"), chrome.m("csrf.detail"), List.of(), null),
          403);
    }
    try {
      return action.apply(chrome);
    } catch (ProblemException refused) {
      return refusal.show(chrome, errors(refused, chrome.locale()), refused.problem().status());
    }
  }

  /** A step that sets no cookie. */
  Response step(
      HttpServerRequest request,
      HttpHeaders headers,
      String csrf,
      String path,
      Runnable action,
      Refusal refusal) {
    return step(
        request,
        headers,
        csrf,
        path,
        chrome -> {
          action.run();
          return null;
        },
        refusal);
  }

  /** What a refused step tells the person, in their language. */
  static Errors errors(ProblemException refused, Locale locale) {
    return Errors.of(refused.problem(locale));
  }
}
