package fr.sesame.web;

import fr.sesame.notify.NotificationService;
import fr.sesame.platform.ClientAddress;
import fr.sesame.platform.ProblemException;
import fr.sesame.recovery.ActivationService;
import fr.sesame.recovery.FlowView;
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
import jakarta.ws.rs.core.Response;

/**
 * "Première connexion": the activation flow as pages. Each POST takes one step and redirects to the
 * journey's page, which shows the step the persisted flow is at (post/redirect/get); a refused step
 * shows the same page again with its errors and what was typed (never a password or code).
 */
@Path("/premiere-connexion")
@Produces(MediaType.TEXT_HTML)
public class ActivationPage {

  static final String COOKIE = "sesame_activation";
  static final String PATH = "/premiere-connexion";

  /** What the template shows. */
  public record Model(
      String step,
      FlowView flow,
      Errors errors,
      String numen,
      String birthDate,
      String channel,
      String value,
      boolean sms) {}

  @CheckedTemplate(basePath = "web")
  static class Templates {
    static native TemplateInstance activation(Chrome c, Model page);
  }

  private final Pages pages;
  private final ActivationService activation;
  private final NotificationService notifications;
  private final ClientAddress addresses;

  ActivationPage(
      Pages pages,
      ActivationService activation,
      NotificationService notifications,
      ClientAddress addresses) {
    this.pages = pages;
    this.activation = activation;
    this.notifications = notifications;
    this.addresses = addresses;
  }

  @GET
  public Response page(@Context HttpServerRequest request, @Context HttpHeaders headers) {
    return current(request, pages.chrome(request, headers), Errors.NONE, 200, null, null);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response identify(
      @FormParam("csrf") String csrf,
      @FormParam("numen") String numen,
      @FormParam("birthDate") String birthDate,
      @FormParam("antiBot") String antiBot,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return pages.step(
        request,
        headers,
        csrf,
        PATH,
        chrome ->
            pages.flowCookie(
                COOKIE,
                PATH,
                activation
                    .start(numen, birthDate, antiBot, addresses.of(request), chrome.lang())
                    .flow()),
        (chrome, errors, status) ->
            render(chrome, request, identify(errors, numen, birthDate), status, false));
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
        request,
        headers,
        csrf,
        null,
        null,
        () -> activation.choosePassword(handle(request), password));
  }

  @POST
  @Path("contact")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response contact(
      @FormParam("csrf") String csrf,
      @FormParam("channel") String channel,
      @FormParam("value") String value,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return step(
        request,
        headers,
        csrf,
        channel,
        value,
        () -> activation.addContact(handle(request), channel, value, addresses.of(request)));
  }

  @POST
  @Path("contact/code")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response code(
      @FormParam("csrf") String csrf,
      @FormParam("code") String code,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return step(
        request, headers, csrf, null, null, () -> activation.verifyContact(handle(request), code));
  }

  @POST
  @Path("fin")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response finish(
      @FormParam("csrf") String csrf,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return step(request, headers, csrf, null, null, () -> activation.finish(handle(request)));
  }

  private Response step(
      HttpServerRequest request,
      HttpHeaders headers,
      String csrf,
      String channel,
      String value,
      Runnable action) {
    return pages.step(
        request,
        headers,
        csrf,
        PATH,
        action,
        (chrome, errors, status) -> current(request, chrome, errors, status, channel, value));
  }

  /** The page of the flow's current state; the start when there is no live flow. */
  private Response current(
      HttpServerRequest request,
      Chrome chrome,
      Errors errors,
      int status,
      String channel,
      String value) {
    String handle = handle(request);
    if (handle == null) {
      return render(chrome, request, identify(errors, null, null), status, false);
    }
    try {
      FlowView flow = activation.current(handle);
      return render(
          chrome,
          request,
          new Model(flow.state(), flow, errors, null, null, channel, value, sms()),
          status,
          false);
    } catch (ProblemException gone) {
      Errors shown = errors.any() ? Pages.errors(gone, chrome.locale()) : Errors.NONE;
      return render(chrome, request, identify(shown, null, null), status, true);
    }
  }

  private static String handle(HttpServerRequest request) {
    return Pages.flowHandle(request, COOKIE);
  }

  private Model identify(Errors errors, String numen, String birthDate) {
    return new Model("IDENTIFY", null, errors, numen, birthDate, null, null, sms());
  }

  private boolean sms() {
    return notifications.smsAvailable();
  }

  private Response render(
      Chrome chrome, HttpServerRequest request, Model model, int status, boolean forgetFlow) {
    TemplateInstance page = Templates.activation(chrome, model);
    return forgetFlow
        ? pages.html(page, status, chrome, request, pages.flowCookie(COOKIE, PATH, null))
        : pages.html(page, status, chrome, request);
  }
}
