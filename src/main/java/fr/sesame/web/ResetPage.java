package fr.sesame.web;

import fr.sesame.platform.ClientAddress;
import fr.sesame.platform.ProblemException;
import fr.sesame.recovery.AssistedResetService;
import fr.sesame.recovery.FlowView;
import fr.sesame.recovery.PasswordResetService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;

/**
 * "J'initialise mon mot de passe": the reset flow as pages, with the same post/redirect/get shape
 * as activation. What the pages show never depends on whether the identifier exists: the service
 * answers alike, and the pages only lay its answer out.
 */
@Path("/mot-de-passe-oublie")
@Produces(MediaType.TEXT_HTML)
public class ResetPage {

  static final String COOKIE = "sesame_reset";
  private static final String PATH = "/mot-de-passe-oublie";

  /** What the template shows. */
  public record Model(
      String step,
      FlowView flow,
      Errors errors,
      String identifier,
      String numen,
      String birthDate,
      boolean byNumen,
      boolean assisted) {}

  @CheckedTemplate(basePath = "web")
  static class Templates {
    static native TemplateInstance reset(Chrome c, Model page);
  }

  private final Pages pages;
  private final PasswordResetService reset;
  private final AssistedResetService assisted;
  private final ClientAddress addresses;

  ResetPage(
      Pages pages,
      PasswordResetService reset,
      AssistedResetService assisted,
      ClientAddress addresses) {
    this.pages = pages;
    this.reset = reset;
    this.assisted = assisted;
    this.addresses = addresses;
  }

  /**
   * A code an administrator handed over: the person goes on to choose their password, on this
   * flow's page for an active account, on the first-sign-in page for a pending one.
   */
  @POST
  @Path("code-remis")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response assisted(
      @FormParam("csrf") String csrf,
      @FormParam("identifier") String identifier,
      @FormParam("code") String code,
      @FormParam("antiBot") String antiBot,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return pages.redirectingStep(
        request,
        headers,
        csrf,
        chrome -> {
          FlowView flow = assisted.redeem(identifier, code, antiBot, addresses.of(request));
          return "ACTIVATION".equals(flow.kind())
              ? pages.seeOther(
                  ActivationPage.PATH,
                  pages.flowCookie(ActivationPage.COOKIE, ActivationPage.PATH, flow.flow()))
              : pages.seeOther(PATH, pages.flowCookie(COOKIE, PATH, flow.flow()));
        },
        (chrome, errors, status) ->
            render(
                chrome,
                request,
                new Model("IDENTIFY", null, errors, identifier, null, null, false, true),
                status,
                null));
  }

  @GET
  public Response page(@Context HttpServerRequest request, @Context HttpHeaders headers) {
    return current(request, pages.chrome(request, headers), Errors.NONE, 200, null, null);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response byLogin(
      @FormParam("csrf") String csrf,
      @FormParam("identifier") String identifier,
      @FormParam("antiBot") String antiBot,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return start(
        request,
        headers,
        csrf,
        chrome -> reset.startByLogin(identifier, antiBot, addresses.of(request), chrome.lang()),
        new Model("IDENTIFY", null, Errors.NONE, identifier, null, null, false, false));
  }

  @POST
  @Path("par-numen")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response byNumen(
      @FormParam("csrf") String csrf,
      @FormParam("numen") String numen,
      @FormParam("birthDate") String birthDate,
      @FormParam("antiBot") String antiBot,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return start(
        request,
        headers,
        csrf,
        chrome ->
            reset.startByNumen(numen, birthDate, antiBot, addresses.of(request), chrome.lang()),
        new Model("IDENTIFY", null, Errors.NONE, null, numen, birthDate, true, false));
  }

  @POST
  @Path("code")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response code(
      @FormParam("csrf") String csrf,
      @FormParam("channel") String channel,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return step(
        request,
        headers,
        csrf,
        null,
        null,
        () -> reset.sendCode(handle(request), channel, addresses.of(request)));
  }

  @POST
  @Path("verification")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response verify(
      @FormParam("csrf") String csrf,
      @FormParam("code") String code,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return step(request, headers, csrf, null, null, () -> reset.verifyCode(handle(request), code));
  }

  @POST
  @Path("sans-acces")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response fallback(
      @FormParam("csrf") String csrf,
      @FormParam("numen") String numen,
      @FormParam("birthDate") String birthDate,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return step(
        request,
        headers,
        csrf,
        numen,
        birthDate,
        () -> reset.fallback(handle(request), numen, birthDate, addresses.of(request)));
  }

  @POST
  @Path("mot-de-passe")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response password(
      @FormParam("csrf") String csrf,
      @FormParam("password") String password,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return step(
        request, headers, csrf, null, null, () -> reset.setPassword(handle(request), password));
  }

  @POST
  @Path("recommencer")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response restart(
      @FormParam("csrf") String csrf,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return pages.step(
        request,
        headers,
        csrf,
        PATH,
        chrome -> pages.flowCookie(COOKIE, PATH, null),
        (chrome, errors, status) -> current(request, chrome, errors, status, null, null));
  }

  private Response start(
      HttpServerRequest request,
      HttpHeaders headers,
      String csrf,
      Function<Chrome, FlowView> start,
      Model typed) {
    return pages.step(
        request,
        headers,
        csrf,
        PATH,
        chrome -> pages.flowCookie(COOKIE, PATH, start.apply(chrome).flow()),
        (chrome, errors, status) ->
            render(
                chrome,
                request,
                new Model(
                    "IDENTIFY",
                    null,
                    errors,
                    typed.identifier(),
                    typed.numen(),
                    typed.birthDate(),
                    typed.byNumen(),
                    false),
                status,
                null));
  }

  private Response step(
      HttpServerRequest request,
      HttpHeaders headers,
      String csrf,
      String numen,
      String birthDate,
      Runnable action) {
    return pages.step(
        request,
        headers,
        csrf,
        PATH,
        action,
        (chrome, errors, status) -> current(request, chrome, errors, status, numen, birthDate));
  }

  /** The page of the flow's current state; the start when there is no live flow. */
  private Response current(
      HttpServerRequest request,
      Chrome chrome,
      Errors errors,
      int status,
      String numen,
      String birthDate) {
    String handle = handle(request);
    if (handle == null) {
      return render(chrome, request, identify(errors), status, null);
    }
    try {
      FlowView flow = reset.current(handle);
      return render(
          chrome,
          request,
          new Model(flow.state(), flow, errors, null, numen, birthDate, numen != null, false),
          status,
          null);
    } catch (ProblemException gone) {
      Errors shown = errors.any() ? Pages.errors(gone, chrome.locale()) : Errors.NONE;
      return render(chrome, request, identify(shown), status, pages.flowCookie(COOKIE, PATH, null));
    }
  }

  private static Model identify(Errors errors) {
    return new Model("IDENTIFY", null, errors, null, null, null, false, false);
  }

  private static String handle(HttpServerRequest request) {
    return Pages.flowHandle(request, COOKIE);
  }

  private Response render(
      Chrome chrome, HttpServerRequest request, Model model, int status, NewCookie forget) {
    TemplateInstance page = Templates.reset(chrome, model);
    return forget == null
        ? pages.html(page, status, chrome, request)
        : pages.html(page, status, chrome, request, forget);
  }
}
