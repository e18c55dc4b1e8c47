package fr.sesame.web;

import fr.sesame.directory.AccountView;
import fr.sesame.directory.DirectoryService;
import fr.sesame.notify.NotificationService;
import fr.sesame.platform.ClientAddress;
import fr.sesame.platform.ProblemException;
import fr.sesame.recovery.ContactService;
import fr.sesame.recovery.ContactView;
import fr.sesame.recovery.FlowView;
import fr.sesame.tokens.Caller;
import fr.sesame.tokens.RequestOrigin;
import fr.sesame.tokens.TokenService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/**
 * "Mon compte": the person logs in with their password (the same checks as the token endpoint) and
 * manages their recovery contacts and password. Every change asks for the current password again,
 * so that a session left open on a school PC cannot redirect recovery; a password change ends the
 * other sessions and is announced on every channel.
 */
@Path("/mon-compte")
@Produces(MediaType.TEXT_HTML)
public class AccountPage {

  static final String SESSION = "sesame_account";
  static final String CONTACT_FLOW = "sesame_contact";
  private static final String PATH = "/mon-compte";

  /** What the template shows. */
  public record Model(
      boolean loggedIn,
      AccountView account,
      List<ContactView> contacts,
      FlowView pending,
      Errors errors,
      String done,
      String identifier,
      String channel,
      String value,
      boolean sms,
      List<EventLine> events) {}

  /** One of the person's recent security events, as the page lists it. */
  public record EventLine(String when, String what, boolean success, String from) {}

  private static final java.time.format.DateTimeFormatter WHEN =
      java.time.format.DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm")
          .withZone(java.time.ZoneId.of("Europe/Paris"));

  @CheckedTemplate(basePath = "web")
  static class Templates {
    static native TemplateInstance account(Chrome c, Model page);
  }

  private final Pages pages;
  private final TokenService tokens;
  private final ContactService contacts;
  private final DirectoryService directory;
  private final NotificationService notifications;
  private final ClientAddress addresses;
  private final fr.sesame.audit.AuditService audit;

  AccountPage(
      fr.sesame.audit.AuditService audit,
      Pages pages,
      TokenService tokens,
      ContactService contacts,
      DirectoryService directory,
      NotificationService notifications,
      ClientAddress addresses) {
    this.audit = audit;
    this.pages = pages;
    this.tokens = tokens;
    this.contacts = contacts;
    this.directory = directory;
    this.notifications = notifications;
    this.addresses = addresses;
  }

  @GET
  public Response page(
      @QueryParam("fait") String done,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return show(request, pages.chrome(request, headers), Errors.NONE, 200, done, null, null, null);
  }

  @POST
  @Path("connexion")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response login(
      @FormParam("csrf") String csrf,
      @FormParam("identifier") String identifier,
      @FormParam("password") String password,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return pages.step(
        request,
        headers,
        csrf,
        PATH,
        chrome -> {
          // A busy hashing pool is refused like any step (503); every other failure gets one
          // answer, as at the token endpoint.
          Optional<TokenService.PageSession> session =
              tokens.openPageSession(
                  identifier,
                  password,
                  new RequestOrigin(addresses.of(request), request.getHeader("User-Agent")));
          TokenService.PageSession opened =
              session.orElseThrow(
                  () ->
                      new ProblemException(
                          400,
                          "login-refused",
                          chrome.m("account.login-refused.title"),
                          chrome.m("account.login-refused.detail")));
          return pages.flowCookie(SESSION, PATH, opened.token());
        },
        (chrome, errors, status) ->
            show(request, chrome, errors, status, null, identifier, null, null));
  }

  @POST
  @Path("deconnexion")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response logout(
      @FormParam("csrf") String csrf,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return pages.step(
        request,
        headers,
        csrf,
        "/",
        chrome -> {
          caller(request).ifPresent(tokens::endPageSession);
          return pages.flowCookie(SESSION, PATH, null);
        },
        (chrome, errors, status) -> show(request, chrome, errors, status, null, null, null, null));
  }

  @POST
  @Path("contact")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response addContact(
      @FormParam("csrf") String csrf,
      @FormParam("channel") String channel,
      @FormParam("value") String value,
      @FormParam("currentPassword") String currentPassword,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return pages.step(
        request,
        headers,
        csrf,
        PATH,
        chrome ->
            pages.flowCookie(
                CONTACT_FLOW,
                PATH,
                contacts
                    .startChange(
                        required(request), channel, value, currentPassword, addresses.of(request))
                    .flow()),
        (chrome, errors, status) ->
            show(request, chrome, errors, status, null, null, channel, value));
  }

  @POST
  @Path("contact/code")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response confirmContact(
      @FormParam("csrf") String csrf,
      @FormParam("code") String code,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return pages.step(
        request,
        headers,
        csrf,
        PATH + "?fait=contact",
        chrome -> {
          contacts.confirmChange(required(request), Pages.flowHandle(request, CONTACT_FLOW), code);
          return pages.flowCookie(CONTACT_FLOW, PATH, null);
        },
        (chrome, errors, status) -> show(request, chrome, errors, status, null, null, null, null));
  }

  @POST
  @Path("contact/retrait")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response removeContact(
      @FormParam("csrf") String csrf,
      @FormParam("channel") String channel,
      @FormParam("currentPassword") String currentPassword,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return pages.step(
        request,
        headers,
        csrf,
        PATH + "?fait=retrait",
        () -> contacts.remove(required(request), channel, currentPassword, addresses.of(request)),
        (chrome, errors, status) -> show(request, chrome, errors, status, null, null, null, null));
  }

  @POST
  @Path("mot-de-passe")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response changePassword(
      @FormParam("csrf") String csrf,
      @FormParam("currentPassword") String currentPassword,
      @FormParam("password") String password,
      @Context HttpServerRequest request,
      @Context HttpHeaders headers) {
    return pages.step(
        request,
        headers,
        csrf,
        PATH + "?fait=mot-de-passe",
        () ->
            tokens.changePassword(
                required(request), currentPassword, password, addresses.of(request)),
        (chrome, errors, status) -> show(request, chrome, errors, status, null, null, null, null));
  }

  private Optional<Caller> caller(HttpServerRequest request) {
    return tokens.pageCaller(Pages.flowHandle(request, SESSION));
  }

  /** The logged-in person; a step without a live session is refused (the page asks to log in). */
  private Caller required(HttpServerRequest request) {
    return caller(request)
        .orElseThrow(
            () ->
                new ProblemException(401, "session-expired", "session-expired", "session-expired"));
  }

  private Response show(
      HttpServerRequest request,
      Chrome chrome,
      Errors errors,
      int status,
      String done,
      String identifier,
      String channel,
      String value) {
    Optional<Caller> caller = caller(request);
    Optional<AccountView> account = caller.flatMap(c -> directory.account(c.staffId()));
    Errors shown =
        "session-expired".equals(errors.code())
            ? new Errors(
                errors.code(),
                chrome.m("account.session-expired.title"),
                chrome.m("account.session-expired.detail"),
                List.of(),
                null)
            : errors;
    if (account.isEmpty()) {
      TemplateInstance login =
          Templates.account(
              chrome,
              new Model(
                  false,
                  null,
                  List.of(),
                  null,
                  shown,
                  null,
                  identifier,
                  null,
                  null,
                  false,
                  List.of()));
      NewCookie forget = pages.flowCookie(SESSION, PATH, null);
      return Pages.flowHandle(request, SESSION) == null
          ? pages.html(login, status, chrome, request)
          : pages.html(login, status, chrome, request, forget);
    }
    FlowView pending = pendingContact(request, caller.get());
    Model model =
        new Model(
            true,
            account.get(),
            contacts.contacts(account.get().id()),
            pending,
            shown,
            done,
            null,
            channel,
            value,
            notifications.smsAvailable(),
            audit.recentFor(account.get().id(), 20).stream()
                .map(
                    event ->
                        new EventLine(
                            WHEN.format(event.occurredAt()),
                            chrome.event(event.event()),
                            "SUCCESS".equals(event.result()),
                            event.clientAddress() == null ? "—" : event.clientAddress()))
                .toList());
    return pages.html(Templates.account(chrome, model), status, chrome, request);
  }

  /** The contact being verified, when the cookie holds a live flow of this person's. */
  private FlowView pendingContact(HttpServerRequest request, Caller caller) {
    String handle = Pages.flowHandle(request, CONTACT_FLOW);
    if (handle == null) {
      return null;
    }
    try {
      return contacts.pending(caller, handle);
    } catch (ProblemException gone) {
      return null;
    }
  }
}
