package fr.sesame.directory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import fr.sesame.platform.ManagementResponses;
import fr.sesame.platform.ProblemException;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.Handler;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
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
import java.util.concurrent.atomic.AtomicLong;

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
  private final ImportConfig config;
  private final ManagementResponses responses;
  private final ObjectReader newStaffReader;

  DirectoryAdminResource(
      ImportService imports,
      DirectoryService directory,
      ImportConfig config,
      ManagementResponses responses) {
    this.imports = imports;
    this.directory = directory;
    this.config = config;
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
    router
        .post("/api/v1/admin/staff")
        .handler(BodyHandler.create(false).setBodyLimit(JSON_BODY_LIMIT))
        .blockingHandler(blocking(this::create), false);
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
   * Streams the uploaded extract to a temporary file (it can be hundreds of megabytes), then runs
   * the import on a worker thread and answers once it is committed: an import is acknowledged only
   * when nothing of it can be lost.
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
    Path file;
    try {
      file = Files.createTempFile("sesame-import-", ".csv");
    } catch (IOException e) {
      responses.failure(context, e);
      return;
    }
    AtomicLong received = new AtomicLong();
    context.request().pause();
    context
        .vertx()
        .fileSystem()
        .open(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
        .onFailure(failure -> responses.failure(context, failure))
        .onSuccess(
            target -> {
              context
                  .request()
                  .handler(
                      chunk -> {
                        if (received.addAndGet(chunk.length()) > config.maxUploadBytes()) {
                          context.request().handler(null);
                          target.close();
                          delete(file);
                          responses.status(context, 413);
                          return;
                        }
                        target.write(chunk);
                        if (target.writeQueueFull()) {
                          context.request().pause();
                          target.drainHandler(ignored -> context.request().resume());
                        }
                      });
              context
                  .request()
                  .endHandler(ignored -> runImport(context, target, file, fileName, full, block));
              context
                  .request()
                  .exceptionHandler(
                      failure -> {
                        target.close();
                        delete(file);
                      });
              context.request().resume();
            });
  }

  private void runImport(
      RoutingContext context,
      AsyncFile target,
      Path file,
      String fileName,
      boolean full,
      boolean block) {
    if (context.response().ended()) {
      return;
    }
    target
        .close()
        .compose(
            closed ->
                context
                    .vertx()
                    .executeBlocking(
                        () ->
                            imports.importFile(
                                file,
                                new ImportService.Request(fileName, full, block),
                                (phase, rows) -> {}),
                        false))
        .onComplete(
            result -> {
              delete(file);
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
                    .end(io.vertx.core.buffer.Buffer.buffer(in.readAllBytes()));
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
    NewStaff body;
    try {
      body = newStaffReader.readValue(context.body().buffer().getBytes());
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

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A temporary file left behind is removed with the temporary directory.
    }
  }
}
