package fr.sesame.directory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import fr.sesame.platform.ManagementResponses;
import fr.sesame.platform.ProblemException;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The directory's administration endpoints, served on the management interface only (port 9000,
 * never exposed publicly) until the administration API protects them with roles. Paths are those
 * the protected API will keep.
 */
@ApplicationScoped
class DirectoryAdminResource {

  /**
   * Every route here, in the contract's syntax; the contract test compares it with openapi.yaml.
   */
  static final List<String> ROUTES =
      List.of(
          "POST /api/v1/admin/imports",
          "GET /api/v1/admin/imports",
          "GET /api/v1/admin/imports/{id}",
          "GET /api/v1/admin/imports/{id}/report",
          "GET /api/v1/admin/staff",
          "POST /api/v1/admin/staff",
          "GET /api/v1/admin/staff/{id}");

  private static final long JSON_BODY_LIMIT = 64 * 1024;

  private final ImportService imports;
  private final DirectoryService directory;
  private final ManagementResponses responses;
  private final ObjectReader newStaffReader;

  DirectoryAdminResource(
      ImportService imports, DirectoryService directory, ManagementResponses responses) {
    this.imports = imports;
    this.directory = directory;
    this.responses = responses;
    this.newStaffReader =
        responses
            .mapper()
            .readerFor(NewStaff.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  void register(@Observes ManagementInterface management) {
    Router router = management.router();
    router.post("/api/v1/admin/imports").handler(this::startImport);
    router.get("/api/v1/admin/imports").blockingHandler(blocking(this::listImports), false);
    router.get("/api/v1/admin/imports/:id").blockingHandler(blocking(this::getImport), false);
    router
        .get("/api/v1/admin/imports/:id/report")
        .blockingHandler(blocking(this::getReport), false);
    router.get("/api/v1/admin/staff").blockingHandler(blocking(this::search), false);
    router.post("/api/v1/admin/staff").blockingHandler(blocking(this::create), false);
    router.get("/api/v1/admin/staff/:id").blockingHandler(blocking(this::getStaff), false);
    router
        .route("/api/v1/admin/*")
        .last()
        .handler(
            context ->
                responses.status(context, isKnownPath(context.normalizedPath()) ? 405 : 404));
    router
        .route("/api/v1/admin/*")
        .failureHandler(
            context -> {
              if (context.failure() != null) {
                responses.failure(context, context.failure());
              } else {
                responses.status(context, context.statusCode());
              }
            });
  }

  private static boolean isKnownPath(String path) {
    String shape = path.replaceAll("/[0-9a-fA-F-]{36}", "/{id}").replaceAll("/+$", "");
    return ROUTES.stream().anyMatch(route -> route.substring(route.indexOf(' ') + 1).equals(shape));
  }

  private Handler<RoutingContext> blocking(Handler<RoutingContext> handler) {
    return context -> {
      try {
        handler.handle(context);
      } catch (RuntimeException e) {
        responses.failure(context, e);
      }
    };
  }

  /**
   * Takes the uploaded extract (the management router has already read the body, within
   * quarkus.management.limits.max-body-size), writes it to a temporary file for the two passes of
   * the import, runs the import on a worker thread and answers once it is committed: an import is
   * acknowledged only when nothing of it can be lost.
   */
  private void startImport(RoutingContext context) {
    boolean full;
    boolean block;
    try {
      full = choice(context, "mode", "partial", "full");
      block = choice(context, "departures", "keep", "block");
      if (block && !full) {
        throw new ProblemException(
            400,
            "departures-need-full-extract",
            "Paramètres incompatibles",
            "Bloquer les départs n'a de sens que pour une extraction complète (mode=full).");
      }
    } catch (ProblemException e) {
      responses.failure(context, e);
      return;
    }
    String fileName = context.request().getParam("fileName");
    Buffer body = context.body().buffer();
    byte[] bytes = body == null ? new byte[0] : body.getBytes();
    context
        .vertx()
        .executeBlocking(
            () -> {
              Path file = Files.createTempFile("sesame-import-", ".csv");
              try {
                Files.write(file, bytes);
                return imports.importFile(
                    file, new ImportService.Request(fileName, full, block), (phase, rows) -> {});
              } finally {
                Files.deleteIfExists(file);
              }
            },
            false)
        .onComplete(
            result -> {
              if (result.succeeded()) {
                context
                    .response()
                    .putHeader("Location", "/api/v1/admin/imports/" + result.result().id());
                responses.json(context, 201, result.result());
              } else {
                responses.failure(context, result.cause());
              }
            });
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

  private void listImports(RoutingContext context) {
    responses.json(context, 200, imports.recentJobs(50));
  }

  private void getImport(RoutingContext context) {
    UUID id = uuid(context.pathParam("id"));
    imports
        .job(id)
        .ifPresentOrElse(
            job -> responses.json(context, 200, job), () -> notFound(context, "import"));
  }

  private void getReport(RoutingContext context) {
    UUID id = uuid(context.pathParam("id"));
    imports
        .report(id)
        .ifPresentOrElse(
            report -> {
              try (InputStream in = report) {
                context
                    .response()
                    .putHeader("Content-Type", "text/csv; charset=UTF-8")
                    .putHeader(
                        "Content-Disposition",
                        "attachment; filename=\"rapport-import-" + id + ".csv\"")
                    .putHeader("Cache-Control", "no-store")
                    .end(Buffer.buffer(in.readAllBytes()));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            () -> notFound(context, "import"));
  }

  private void search(RoutingContext context) {
    Integer limit = null;
    String rawLimit = context.request().getParam("limit");
    if (rawLimit != null) {
      try {
        limit = Integer.valueOf(rawLimit);
      } catch (NumberFormatException e) {
        throw new ProblemException(
            400, "invalid-limit", "Taille de page invalide", "limit est un nombre entier.");
      }
    }
    responses.json(
        context,
        200,
        directory.search(
            context.request().getParam("q"), context.request().getParam("cursor"), limit));
  }

  private void create(RoutingContext context) {
    String contentType = context.request().getHeader("Content-Type");
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      responses.status(context, 415);
      return;
    }
    Buffer raw = context.body().buffer();
    if (raw != null && raw.length() > JSON_BODY_LIMIT) {
      responses.status(context, 413);
      return;
    }
    NewStaff body;
    try {
      body = newStaffReader.readValue(raw == null ? new byte[0] : raw.getBytes());
    } catch (IOException e) {
      responses.failure(context, e);
      return;
    }
    if (body == null) {
      throw new ProblemException(
          400, "malformed-json", "JSON invalide", "Le corps doit être un objet JSON.");
    }
    StaffView created = directory.create(body);
    context.response().putHeader("Location", "/api/v1/admin/staff/" + created.id());
    responses.json(context, 201, created);
  }

  private void getStaff(RoutingContext context) {
    UUID id = uuid(context.pathParam("id"));
    directory
        .find(id)
        .ifPresentOrElse(
            staff -> responses.json(context, 200, staff), () -> notFound(context, "staff"));
  }

  private void notFound(RoutingContext context, String what) {
    responses.problem(
        context,
        fr.sesame.platform.Problem.of(
            404,
            what + "-not-found",
            "Introuvable",
            "import".equals(what)
                ? "Aucun import ne porte cet identifiant."
                : "Aucune personne ne porte cet identifiant."));
  }

  private static UUID uuid(String raw) {
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          404, "not-found", "Introuvable", "L'identifiant n'est pas un identifiant Sésame.");
    }
  }
}
