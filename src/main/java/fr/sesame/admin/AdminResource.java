package fr.sesame.admin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import fr.sesame.audit.AuditQuery;
import fr.sesame.audit.AuditRecord;
import fr.sesame.directory.ImportService;
import fr.sesame.directory.NewStaff;
import fr.sesame.platform.ClientAddress;
import fr.sesame.platform.ManagementResponses;
import fr.sesame.platform.Problem;
import fr.sesame.platform.ProblemException;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The administration API, on the management interface (port 9000): never published through the
 * public ingress, reached by administrators' tools over the académie's internal network. Every call
 * carries a bearer access token of an administration client; the role it opens is read from the
 * database at each call (README, "Administration", has the role × endpoint matrix).
 */
@ApplicationScoped
class AdminResource {

  /**
   * Every route here, in the contract's syntax; the contract test compares it with openapi.yaml.
   */
  static final List<String> ROUTES =
      java.util.Arrays.stream(routeTable())
          .map(route -> route[0] + " /api/v1/admin" + route[1])
          .toList();

  private static final long JSON_BODY_LIMIT = 64 * 1024;
  private static final String BASE = "/api/v1/admin";

  private final AdminService admin;
  private final ImportService imports;
  private final ManagementResponses responses;
  private final ClientAddress addresses;
  private final ObjectMapper strict;
  private final ObjectWriter lines;

  AdminResource(
      AdminService admin,
      ImportService imports,
      ManagementResponses responses,
      ClientAddress addresses) {
    this.admin = admin;
    this.imports = imports;
    this.responses = responses;
    this.addresses = addresses;
    this.strict =
        responses
            .mapper()
            .copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.lines = responses.mapper().writer();
  }

  /** One administration call: its context and the administrator making it. */
  private record Call(RoutingContext context, Administrator by) {}

  @FunctionalInterface
  private interface Action {
    void run(Call call) throws Exception;
  }

  private static String[][] routeTable() {
    return new String[][] {
      {"GET", "/staff"},
      {"POST", "/staff"},
      {"GET", "/staff/{id}"},
      {"POST", "/staff/{id}/block"},
      {"POST", "/staff/{id}/unblock"},
      {"POST", "/staff/{id}/password-renewal"},
      {"DELETE", "/staff/{id}"},
      {"POST", "/staff/{id}/restore"},
      {"DELETE", "/staff/{id}/sessions"},
      {"POST", "/staff/{id}/assisted-reset"},
      {"POST", "/staff/{id}/activation-reminder"},
      {"PUT", "/staff/{id}/role"},
      {"DELETE", "/staff/{id}/role"},
      {"GET", "/departements"},
      {"PUT", "/departements/{code}/contacts/{category}"},
      {"GET", "/audit"},
      {"GET", "/audit/export"},
      {"POST", "/imports"},
      {"GET", "/imports"},
      {"GET", "/imports/{id}"},
      {"GET", "/imports/{id}/report"},
      {"POST", "/keys/rotation"},
      {"POST", "/keys/emergency-rotation"}
    };
  }

  void register(@Observes ManagementInterface management) {
    Router router = management.router();
    on(router, HttpMethod.GET, "/staff", Permission.READ_STAFF, "ADMIN_STAFF_SEARCH", this::search);
    on(router, HttpMethod.POST, "/staff", Permission.CREATE_STAFF, "STAFF_CREATED", this::create);
    on(
        router,
        HttpMethod.GET,
        "/staff/:id",
        Permission.READ_STAFF,
        "ADMIN_STAFF_VIEW",
        call -> ok(call, admin.view(call.by(), id(call))));
    on(
        router,
        HttpMethod.POST,
        "/staff/:id/block",
        Permission.LOCK,
        "ACCOUNT_BLOCKED",
        call -> ok(call, admin.block(call.by(), id(call), body(call, AdminService.Block.class))));
    on(
        router,
        HttpMethod.POST,
        "/staff/:id/unblock",
        Permission.LOCK,
        "ACCOUNT_UNBLOCKED",
        call -> ok(call, admin.unblock(call.by(), id(call))));
    on(
        router,
        HttpMethod.POST,
        "/staff/:id/password-renewal",
        Permission.LOCK,
        "PASSWORD_RENEWAL_REQUIRED",
        call -> {
          admin.requirePasswordRenewal(call.by(), id(call));
          noContent(call);
        });
    on(
        router,
        HttpMethod.DELETE,
        "/staff/:id",
        Permission.DELETE,
        "ACCOUNT_DELETED",
        call -> ok(call, admin.delete(call.by(), id(call))));
    on(
        router,
        HttpMethod.POST,
        "/staff/:id/restore",
        Permission.DELETE,
        "ACCOUNT_RESTORED",
        call -> ok(call, admin.restore(call.by(), id(call))));
    on(
        router,
        HttpMethod.DELETE,
        "/staff/:id/sessions",
        Permission.REVOKE_SESSIONS,
        "SESSIONS_REVOKED",
        call -> ok(call, Map.of("revoked", admin.revokeSessions(call.by(), id(call)))));
    on(
        router,
        HttpMethod.POST,
        "/staff/:id/assisted-reset",
        Permission.ASSIST,
        "ASSISTED_RESET_ISSUED",
        call -> responses.json(call.context(), 201, admin.assistedReset(call.by(), id(call))));
    on(
        router,
        HttpMethod.POST,
        "/staff/:id/activation-reminder",
        Permission.ASSIST,
        "ACTIVATION_RESENT",
        call -> {
          admin.remindActivation(call.by(), id(call));
          responses.json(call.context(), 202, Map.of("queued", true));
        });
    on(
        router,
        HttpMethod.PUT,
        "/staff/:id/role",
        Permission.MANAGE_ROLES,
        "ROLE_GRANTED",
        call ->
            ok(
                call,
                admin.grantRole(call.by(), id(call), body(call, AdminService.RoleGrant.class))));
    on(
        router,
        HttpMethod.DELETE,
        "/staff/:id/role",
        Permission.MANAGE_ROLES,
        "ROLE_REVOKED",
        call -> {
          admin.revokeRole(call.by(), id(call));
          noContent(call);
        });
    on(
        router,
        HttpMethod.GET,
        "/departements",
        Permission.READ_CONTACTS,
        "ADMIN_CONTACTS_READ",
        call -> ok(call, Map.of("items", admin.departements(call.by()))));
    on(
        router,
        HttpMethod.PUT,
        "/departements/:code/contacts/:category",
        Permission.EDIT_CONTACTS,
        "DSDEN_CONTACT_CHANGED",
        call ->
            ok(
                call,
                admin.putContact(
                    call.by(),
                    call.context().pathParam("code"),
                    call.context().pathParam("category"),
                    body(call, AdminService.ContactChange.class))));
    on(router, HttpMethod.GET, "/audit", Permission.READ_AUDIT, "AUDIT_QUERIED", this::audit);
    on(
        router,
        HttpMethod.GET,
        "/audit/export",
        Permission.READ_AUDIT,
        "AUDIT_EXPORTED",
        this::export);
    on(router, HttpMethod.POST, "/imports", Permission.IMPORT, "IMPORT_STARTED", this::startImport);
    on(
        router,
        HttpMethod.GET,
        "/imports",
        Permission.IMPORT,
        "ADMIN_IMPORTS_READ",
        call -> {
          admin.imported(call.by(), "ADMIN_IMPORTS_READ", true, null);
          ok(call, imports.recentJobs(50));
        });
    on(
        router,
        HttpMethod.GET,
        "/imports/:id",
        Permission.IMPORT,
        "ADMIN_IMPORTS_READ",
        call -> {
          admin.imported(call.by(), "ADMIN_IMPORTS_READ", true, null);
          ok(call, imports.job(id(call)).orElseThrow(AdminResource::noSuchImport));
        });
    on(
        router,
        HttpMethod.GET,
        "/imports/:id/report",
        Permission.IMPORT,
        "ADMIN_IMPORTS_READ",
        this::report);
    on(
        router,
        HttpMethod.POST,
        "/keys/rotation",
        Permission.ROTATE_KEYS,
        "KEYS_ROTATED",
        call -> ok(call, responses.mapper().readTree(admin.rotateKeys(call.by(), false))));
    on(
        router,
        HttpMethod.POST,
        "/keys/emergency-rotation",
        Permission.ROTATE_KEYS,
        "KEYS_EMERGENCY_ROTATED",
        call -> ok(call, responses.mapper().readTree(admin.rotateKeys(call.by(), true))));
    router
        .route(BASE + "/*")
        .last()
        .handler(
            context ->
                responses.status(context, isKnownPath(context.normalizedPath()) ? 405 : 404));
    router
        .route(BASE + "/*")
        .failureHandler(
            context -> {
              if (context.failure() != null) {
                responses.failure(context, context.failure());
              } else {
                responses.status(context, context.statusCode());
              }
            });
  }

  /**
   * A route: authenticated, then allowed by the role, then the action on a worker thread. Every
   * refusal is a problem+json, and is audited under {@code event}.
   */
  private void on(
      Router router,
      HttpMethod method,
      String path,
      Permission permission,
      String event,
      Action action) {
    router
        .route(method, BASE + path)
        .blockingHandler(
            context -> {
              try {
                wellFormed(context);
                Administrator by =
                    admin.authenticate(
                        context.request().getHeader("Authorization"),
                        addresses.of(context.request()),
                        context.request().getHeader("User-Agent"),
                        event);
                admin.require(by, permission, event);
                action.run(new Call(context, by));
              } catch (ProblemException e) {
                if (e.problem().status() == 401) {
                  context.response().putHeader("WWW-Authenticate", "Bearer");
                }
                responses.failure(context, e);
              } catch (Exception e) {
                responses.failure(context, e);
              }
            },
            false);
  }

  /**
   * Refuses a request whose query does not decode ({@code ?q=%ZZ}: Vert.x decodes the query when a
   * handler first reads a parameter, and would fail that read) or whose path names something with a
   * control character, which no identifier, code or category has and which PostgreSQL would refuse
   * in a query (NUL).
   */
  private static void wellFormed(RoutingContext context) {
    try {
      context.request().params();
    } catch (IllegalArgumentException malformed) {
      throw new ProblemException(Problem.MALFORMED_URI);
    }
    for (String value : context.pathParams().values()) {
      if (value.chars().anyMatch(Character::isISOControl)) {
        throw new ProblemException(
            404, "not-found", "Introuvable", "Aucune ressource à cette adresse.");
      }
    }
  }

  private static boolean isKnownPath(String path) {
    String shape =
        path.replaceAll("/[0-9a-fA-F-]{36}", "/{id}")
            .replaceAll(
                "/departements/[^/]+/contacts/[^/]+$", "/departements/{code}/contacts/{category}")
            .replaceAll("/+$", "");
    return ROUTES.stream().anyMatch(route -> route.substring(route.indexOf(' ') + 1).equals(shape));
  }

  private void search(Call call) {
    Integer limit = null;
    String rawLimit = call.context().request().getParam("limit");
    if (rawLimit != null) {
      try {
        limit = Integer.valueOf(rawLimit);
      } catch (NumberFormatException e) {
        throw new ProblemException(
            400, "invalid-limit", "Taille de page invalide", "limit est un nombre entier.");
      }
    }
    ok(
        call,
        admin.search(
            call.by(),
            call.context().request().getParam("q"),
            call.context().request().getParam("cursor"),
            limit));
  }

  private void create(Call call) throws IOException {
    var created = admin.create(call.by(), body(call, NewStaff.class));
    call.context().response().putHeader("Location", BASE + "/staff/" + created.id());
    responses.json(call.context(), 201, created);
  }

  private AuditQuery auditQuery(Call call) {
    var request = call.context().request();
    String result = request.getParam("result");
    if (result != null && !List.of("SUCCESS", "FAILURE").contains(result)) {
      throw invalidParameter("result", "SUCCESS ou FAILURE");
    }
    String event = request.getParam("event");
    if (event != null && !event.matches("^[A-Z_]{1,64}$")) {
      throw invalidParameter("event", "un nom d'événement (LOGIN, ACCOUNT_BLOCKED…)");
    }
    return new AuditQuery(
        event,
        result,
        optionalUuid(request.getParam("actor"), "actor"),
        optionalUuid(request.getParam("target"), "target"),
        instant(request.getParam("from"), "from"),
        instant(request.getParam("to"), "to"),
        null);
  }

  private void audit(Call call) {
    AuditQuery query = auditQuery(call);
    int limit = 50;
    String rawLimit = call.context().request().getParam("limit");
    if (rawLimit != null) {
      try {
        limit = Integer.parseInt(rawLimit);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 500) {
        throw invalidParameter("limit", "un entier de 1 à 500");
      }
    }
    Long before = null;
    String cursor = call.context().request().getParam("cursor");
    if (cursor != null) {
      try {
        before = Long.valueOf(cursor);
      } catch (NumberFormatException e) {
        throw invalidParameter("cursor", "le curseur rendu par la page précédente");
      }
    }
    List<AuditRecord> page = admin.audit(call.by(), query, before, limit + 1);
    boolean more = page.size() > limit;
    List<AuditRecord> items = more ? page.subList(0, limit) : page;
    Map<String, Object> answer = new java.util.LinkedHashMap<>();
    answer.put("items", items);
    answer.put("next", more ? Long.toString(items.get(items.size() - 1).id()) : null);
    ok(call, answer);
  }

  /** JSON lines, streamed as PostgreSQL hands the rows over: an export never sits in memory. */
  private void export(Call call) {
    AuditQuery query = auditQuery(call);
    var response = call.context().response();
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", "application/x-ndjson; charset=UTF-8")
        .putHeader("Content-Disposition", "attachment; filename=\"audit.jsonl\"")
        .putHeader("Cache-Control", "no-store");
    StringBuilder batch = new StringBuilder();
    admin.exportAudit(
        call.by(),
        query,
        row -> {
          try {
            batch.append(lines.writeValueAsString(row)).append('\n');
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          if (batch.length() > 64 * 1024) {
            response.write(batch.toString());
            batch.setLength(0);
          }
        });
    response.end(batch.toString());
  }

  /**
   * Takes the uploaded extract (the management router has already read the body, within
   * quarkus.management.limits.max-body-size), writes it to a temporary file for the two passes of
   * the import, runs the import and answers once it is committed: an import is acknowledged only
   * when nothing of it can be lost.
   */
  private void startImport(Call call) throws IOException {
    RoutingContext context = call.context();
    boolean full = choice(context, "mode", "partial", "full");
    boolean block = choice(context, "departures", "keep", "block");
    if (block && !full) {
      throw new ProblemException(
          400,
          "departures-need-full-extract",
          "Paramètres incompatibles",
          "Bloquer les départs n'a de sens que pour une extraction complète (mode=full).");
    }
    String fileName = context.request().getParam("fileName");
    boolean multipart = isMultipart(context);
    Path file = null;
    try {
      if (multipart) {
        // The body handler streamed the file part to disk and deletes it once answered: a large
        // extract never sits in memory this way.
        List<FileUpload> uploads = context.fileUploads();
        if (uploads.size() != 1) {
          throw new ProblemException(
              400,
              "import-file-missing",
              "Fichier attendu",
              "Un envoi multipart/form-data porte exactement un fichier (champ file).");
        }
        FileUpload upload = uploads.get(0);
        if (fileName == null) {
          fileName = upload.fileName();
        }
        file = Path.of(upload.uploadedFileName());
      } else {
        file = Files.createTempFile("sesame-import-", ".csv");
        write(context.body().buffer(), file);
      }
      var summary =
          imports.importFile(
              file, new ImportService.Request(fileName, full, block), (phase, rows) -> {});
      admin.imported(call.by(), "IMPORT_STARTED", true, null);
      context.response().putHeader("Location", BASE + "/imports/" + summary.id());
      responses.json(context, 201, summary);
    } catch (ProblemException e) {
      admin.imported(call.by(), "IMPORT_STARTED", false, "INVALID_REQUEST");
      throw e;
    } finally {
      if (file != null && !multipart) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static boolean isMultipart(RoutingContext context) {
    String type = context.request().getHeader("Content-Type");
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }

  /** Writes a buffered body to disk from its own memory, without a copy of the whole file. */
  private static void write(Buffer body, Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      if (body != null) {
        for (ByteBuffer chunk : body.getByteBuf().nioBuffers()) {
          while (chunk.hasRemaining()) {
            channel.write(chunk);
          }
        }
      }
    }
  }

  private void report(Call call) throws IOException {
    UUID id = id(call);
    admin.imported(call.by(), "ADMIN_IMPORTS_READ", true, null);
    try (InputStream in = imports.report(id).orElseThrow(AdminResource::noSuchImport)) {
      call.context()
          .response()
          .putHeader("Content-Type", "text/csv; charset=UTF-8")
          .putHeader(
              "Content-Disposition", "attachment; filename=\"rapport-import-" + id + ".csv\"")
          .putHeader("Cache-Control", "no-store")
          .end(Buffer.buffer(in.readAllBytes()));
    }
  }

  private static boolean choice(RoutingContext context, String name, String no, String yes) {
    String value = context.request().getParam(name);
    if (value == null || value.isBlank() || value.equalsIgnoreCase(no)) {
      return false;
    }
    if (value.equalsIgnoreCase(yes)) {
      return true;
    }
    throw new ProblemException(
        400,
        "invalid-parameter",
        "Paramètre invalide",
        "Le paramètre « " + name + " » vaut « " + no + " » ou « " + yes + " ».");
  }

  /** A JSON body: application/json, at most 64 KiB, no unknown field (mass assignment). */
  private <T> T body(Call call, Class<T> type) throws IOException {
    String contentType = call.context().request().getHeader("Content-Type");
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ProblemException(
          Problem.of(
              415,
              "unsupported-media-type",
              "Type non pris en charge",
              "Le corps est un objet JSON (Content-Type: application/json)."));
    }
    Buffer raw = call.context().body().buffer();
    if (raw != null && raw.length() > JSON_BODY_LIMIT) {
      throw new ProblemException(
          413, "payload-too-large", "Corps trop volumineux", "Le corps dépasse 64 Kio.");
    }
    T value = strict.readValue(raw == null ? new byte[0] : raw.getBytes(), type);
    if (value == null) {
      throw new ProblemException(
          400, "malformed-json", "JSON invalide", "Le corps doit être un objet JSON.");
    }
    return value;
  }

  private void ok(Call call, Object body) {
    responses.json(call.context(), 200, body);
  }

  private static void noContent(Call call) {
    call.context().response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
  }

  private static UUID id(Call call) {
    try {
      return UUID.fromString(call.context().pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          404, "not-found", "Introuvable", "L'identifiant n'est pas un identifiant Sésame.");
    }
  }

  private static UUID optionalUuid(String raw, String name) {
    if (raw == null) {
      return null;
    }
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw invalidParameter(name, "un identifiant Sésame");
    }
  }

  private static Instant instant(String raw, String name) {
    if (raw == null) {
      return null;
    }
    try {
      return Instant.parse(raw);
    } catch (DateTimeParseException e) {
      throw invalidParameter(name, "une date ISO 8601 en UTC (2026-12-01T00:00:00Z)");
    }
  }

  private static ProblemException invalidParameter(String name, String expected) {
    return new ProblemException(
        400,
        "invalid-parameter",
        "Paramètre invalide",
        "Le paramètre « " + name + " » attend " + expected + ".");
  }

  private static ProblemException noSuchImport() {
    return new ProblemException(
        404, "import-not-found", "Introuvable", "Aucun import ne porte cet identifiant.");
  }
}
