package fr.sesame.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import fr.sesame.directory.StaffView;
import fr.sesame.support.Accounts;
import fr.sesame.support.Admins;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every operation of openapi.yaml, sent hostile input: malformed and oversized bodies, values of
 * the wrong type, control characters, invalid UTF-8, impossible dates, hostile path and query
 * values and credentials. Each answer must be a client error in the API's own shape (problem+json
 * with a stable code, or RFC 6749's error object on the OAuth endpoints), never a server error; and
 * none of these requests may change anything.
 *
 * <p>The operations come from the contract rather than from a list here, so an endpoint added to
 * the contract is covered from its first day.
 */
@QuarkusTest
class HostileInputTest {

  private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "delete", "patch");

  /** Values for every parameter: invalid for most, at the edge of the valid for the others. */
  private static final List<String> HOSTILE_VALUES =
      List.of(
          "",
          "-1",
          "0",
          "abc",
          "99999999999999999999999",
          "1e400",
          "\u0000",
          "\u202E\u200B",
          "2026-02-30",
          "../../etc/passwd",
          "' OR 1=1 --",
          "x".repeat(3_000),
          "\uD83D");

  /** Values in place of a JSON body's string fields: wrong types, NUL, lone surrogates, sizes. */
  private static final List<String> WRONG_JSON_VALUES =
      List.of(
          "[]",
          "{}",
          "1e400",
          "-99999999999999999999999",
          "true",
          "\"\\u0000\"",
          "\"\\ud800\"",
          "\"" + "é".repeat(1_000) + "\"",
          "\"" + "x".repeat(200_000) + "\"");

  private static final List<String> HOSTILE_AUTHORIZATIONS =
      List.of(
          "Bearer",
          "Bearer %%%",
          "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
          "Bearer " + "A".repeat(10_000),
          "Basic Og==",
          "Basic !!!",
          "Basic " + base64("\u0000:\u0000"),
          "Negotiate abc");

  private static final List<String> HOSTILE_FORWARDED =
      List.of(
          "",
          "unknown",
          "not-an-ip",
          "999.999.999.999",
          "1.2.3.4, garbage",
          ",,,,",
          "[::1]:80",
          "::ffff:1.2.3.4%eth0",
          "x".repeat(3_000));

  /** Above quarkus.http.limits.max-body-size and quarkus.management.limits.max-body-size. */
  private static final long OVER_THE_PUBLIC_LIMIT = 2L << 20;

  private static final long OVER_THE_MANAGEMENT_LIMIT = 600L << 20;

  @Inject Accounts accounts;

  @TestHTTPResource(value = "/", management = true)
  URL management;

  private final Random random = new Random(20261207);

  private record Operation(
      String method,
      String path,
      List<String> query,
      List<String> headers,
      String bodyType,
      ObjectNode bodyExample,
      boolean authenticated,
      boolean management) {

    boolean takesInput() {
      return path.contains("{") || !query.isEmpty() || bodyType != null;
    }
  }

  /** What came back: the status, the media type and the body. */
  /** {@code head}: the status line and the header lines, as sent. */
  private record Answer(int status, String contentType, String body, String head) {}

  /** A request; {@code announced}, when not negative, is a body length declared but not sent. */
  private record Hostile(
      String path,
      String query,
      Map<String, String> headers,
      String contentType,
      byte[] body,
      long announced) {

    Hostile(
        String path, String query, Map<String, String> headers, String contentType, byte[] body) {
      this(path, query, headers, contentType, body, -1);
    }
  }

  @Test
  void noHostileInputGetsAServerErrorOrChangesAnything() throws IOException {
    Admins.Admin admin = Admins.create("academie-admin", null, "34");
    StaffView person = accounts.active();
    String personToken =
        given()
            .auth()
            .preemptive()
            .basic("webmail", "test-webmail-secret")
            .formParam("grant_type", "password")
            .formParam("username", person.login())
            .formParam("password", Accounts.PASSWORD)
            .post("/oauth2/token")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    long auditBefore =
        Long.parseLong(accounts.text("SELECT coalesce(max(id), 0) FROM audit_event"));

    List<String> failures = new ArrayList<>();
    int sent = 0;
    for (Operation operation : operations(contract())) {
      for (Hostile hostile : hostileRequests(operation)) {
        Answer answer = send(operation, hostile, admin.bearer(), "Bearer " + personToken);
        sent++;
        String problem = problem(operation, hostile, answer);
        if (problem != null) {
          failures.add(problem);
        }
      }
    }

    assertThat(sent).as("hostile requests sent").isGreaterThan(1_000);
    assertThat(failures).isEmpty();
    // Nothing these requests asked to change was changed: no audited success but reads, from
    // their addresses or for their accounts.
    assertThat(
            accounts.text(
                "SELECT coalesce(string_agg(DISTINCT event, ', '), '') FROM audit_event"
                    + " WHERE id > ? AND result = 'SUCCESS'"
                    // Reads may succeed: an unknown parameter is ignored, and "abc" is a search.
                    + " AND event !~ '_(READ|SEARCH|QUERIED|EXPORTED)$'"
                    + " AND (client_address LIKE '198.51.100.%' OR actor_id IN (?, ?)"
                    + " OR target_id IN (?, ?))",
                auditBefore, admin.id(), person.id(), admin.id(), person.id()))
        .isEmpty();
  }

  @Test
  void pagesReadAHostileAcceptLanguageAndATargetThatIsNotAUriIsAProblem() {
    given()
        .header("Accept-Language", "fr;q=2, *;q=abc, en")
        .get("/")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.containsString("<html lang=\"en\">"));
    given()
        .header("Accept-Language", "x".repeat(4_000))
        .get("/")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.containsString("<html lang=\"fr\">"));
    // A request target that is not a URI (a malformed escape, a character it may not carry) is
    // refused before any route, in the API's shape. Only a request line beyond the HTTP layer's
    // limit (4,096 bytes) is still refused by that layer alone, with a bare 414.
    for (String target :
        List.of("/api/v1/academie?x=%ZZ", "/?lang=%ZZ", "/api/v1/%ZZ", "/api/v1/academie?x=a|b")) {
      Operation get = new Operation("get", target, List.of(), List.of(), null, null, false, false);
      Hostile hostile = new Hostile(target, "", Map.of(), null, new byte[0]);
      Answer answer = exchange(get, hostile, null);
      assertThat(answer.status()).as(target).isEqualTo(400);
      assertThat(problem(get, hostile, answer)).isNull();
      assertThat(json(answer).path("code").asText()).isEqualTo("malformed-uri");
      assertThat(answer.head())
          .as(target)
          .containsIgnoringCase("X-Content-Type-Options: nosniff")
          .containsIgnoringCase("Content-Security-Policy: default-src 'none'");
    }
    Operation token =
        new Operation("post", "/oauth2/token", List.of(), List.of(), null, null, false, false);
    Hostile escape =
        new Hostile(
            "/oauth2/token",
            "?x=%ZZ",
            Map.of(),
            "application/x-www-form-urlencoded",
            utf8("grant_type=password"));
    Answer refused = exchange(token, escape, null);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(json(refused).path("error").asText()).isEqualTo("invalid_request");
    given().get("/api/v1/academie?q=" + "x".repeat(5_000)).then().statusCode(414);
  }

  /**
   * A body sent without a length (chunked) is read up to the limit and refused past it in the API's
   * shape; under the limit it is served as any other.
   */
  @Test
  void aBodyStreamedAboveTheLimitIsRefusedAndOneBelowItIsServed() throws Exception {
    for (String path : List.of("/api/v1/activation", "/oauth2/token")) {
      Answer answer = streamed(path, "application/json", 32, "");
      assertThat(answer.status()).as(path).isEqualTo(413);
      assertThat(answer.head()).as(path).containsIgnoringCase("Connection: close");
      if (path.startsWith("/oauth2/")) {
        assertThat(json(answer).path("error").asText()).isEqualTo("invalid_request");
      } else {
        assertThat(json(answer).path("code").asText()).isEqualTo("payload-too-large");
      }
    }
    // Under the limit, as any other: {path, type, body, field of the answer, its value}.
    String[][] served = {
      {
        "/api/v1/activation",
        "application/json",
        "{\"numen\": \"not a numen\", \"birthDate\": \"1980-01-01\"}",
        "code",
        "invalid-numen"
      },
      {
        "/oauth2/token",
        "application/x-www-form-urlencoded",
        "grant_type=password&username=nobody&password=wrong",
        "error",
        "invalid_grant"
      }
    };
    for (String[] request : served) {
      Answer answer = streamed(request[0], request[1], 0, request[2]);
      assertThat(answer.status()).as(request[0]).isEqualTo(400);
      assertThat(json(answer).path(request[3]).asText()).isEqualTo(request[4]);
    }
    // A client that leaves in the middle of a chunked body: the service goes on serving.
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket
          .getOutputStream()
          .write(
              ("POST /api/v1/activation HTTP/1.1\r\nHost: localhost\r\n"
                      + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                      + "5\r\n{\"a\":\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
    }
    given().get("/api/v1/academie").then().statusCode(200);
    // A page's form too: the page shows the NUMEN it was sent again, with the error.
    String csrf = "A".repeat(43);
    Answer page =
        streamed(
            "/identifiant-oublie",
            "application/x-www-form-urlencoded",
            "Cookie: sesame_csrf=" + csrf + "\r\n",
            0,
            "csrf=" + csrf + "&numen=12QQQ&birthDate=1980-01-01&antiBot=x");
    assertThat(page.status()).isEqualTo(400);
    assertThat(page.body()).contains("12QQQ");
  }

  /** Sends {@code blocks} chunks of 64 KiB of spaces, then {@code last} as a chunk, chunked. */
  private static Answer streamed(String path, String contentType, int blocks, String last)
      throws Exception {
    return streamed(path, contentType, "", blocks, last);
  }

  /** The same, with more header lines ({@code extra}, each ending with CRLF). */
  private static Answer streamed(
      String path, String contentType, String extra, int blocks, String last) throws Exception {
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                  + "Authorization: Basic "
                  + base64("webmail:test-webmail-secret")
                  + "\r\nContent-Type: "
                  + contentType
                  + "\r\nTransfer-Encoding: chunked\r\n"
                  + extra
                  + "\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      Thread sender =
          new Thread(
              () -> {
                byte[] chunk = ("10000\r\n" + " ".repeat(0x10000) + "\r\n").getBytes();
                byte[] end = utf8(last);
                try {
                  for (int i = 0; i < blocks; i++) {
                    out.write(chunk);
                  }
                  if (end.length > 0) {
                    out.write((Integer.toHexString(end.length) + "\r\n").getBytes());
                    out.write(end);
                    out.write("\r\n".getBytes());
                  }
                  out.write("0\r\n\r\n".getBytes());
                } catch (IOException refused) {
                  // The server stopped reading: what it answered is read below.
                }
              });
      sender.start();
      Answer answer = parse(readAnswer(socket.getInputStream()));
      sender.join(30_000);
      return answer;
    }
  }

  /**
   * Every form of the pages, posted with a valid CSRF token (the cookie's) and hostile fields: the
   * answer is a page, a redirect or a problem, never a server error.
   */
  @Test
  void noHostileFormOfThePagesGetsAServerError() {
    String token = "A".repeat(43);
    List<String> failures = new ArrayList<>();
    int sent = 0;
    for (Map.Entry<String, List<String>> form : pageForms().entrySet()) {
      List<String> bodies = new ArrayList<>(List.of("%ZZ", "=&=&&", "csrf=" + token + "&%ZZ=1"));
      for (String field : form.getValue()) {
        for (String value : List.of("%00", "%C3%28", "%E2%80%AE", "x".repeat(5_000), "%FF%FE")) {
          bodies.add("csrf=" + token + "&" + field + "=" + value);
        }
      }
      for (String body : bodies) {
        Hostile hostile =
            new Hostile(
                form.getKey(),
                "",
                Map.of("Cookie", "sesame_csrf=" + token, "Accept", "text/html"),
                "application/x-www-form-urlencoded",
                utf8(body));
        Answer answer =
            exchange(
                new Operation(
                    "post", form.getKey(), List.of(), List.of(), null, null, false, false),
                hostile,
                null);
        sent++;
        // A page, a redirect, or for what no browser sends (a malformed form, a field above the
        // form limits) a problem+json with its code.
        boolean page =
            answer.status() < 500
                && (answer.status() / 100 == 3
                    || answer.contentType().startsWith("text/html")
                    || (answer.contentType().startsWith("application/problem+json")
                        && json(answer).path("code").isTextual()));
        if (!page) {
          failures.add(
              "POST "
                  + form.getKey()
                  + " ["
                  + abbreviate(body)
                  + "] → "
                  + answer.status()
                  + " "
                  + answer.contentType()
                  + " "
                  + abbreviate(answer.body()));
        }
      }
    }
    assertThat(sent).as("hostile forms sent").isGreaterThan(100);
    assertThat(failures).isEmpty();
  }

  /** The pages' POST paths and their form fields, read from the page classes. */
  private static Map<String, List<String>> pageForms() {
    Map<String, List<String>> forms = new java.util.TreeMap<>();
    for (JavaClass type :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("fr.sesame.web")) {
      if (!type.isAnnotatedWith(jakarta.ws.rs.Path.class)
          || !type.getSimpleName().endsWith("Page")) {
        continue;
      }
      String root = type.getAnnotationOfType(jakarta.ws.rs.Path.class).value();
      for (JavaMethod method : type.getMethods()) {
        if (!method.isAnnotatedWith(jakarta.ws.rs.POST.class)) {
          continue;
        }
        String sub =
            method.isAnnotatedWith(jakarta.ws.rs.Path.class)
                ? "/" + method.getAnnotationOfType(jakarta.ws.rs.Path.class).value()
                : "";
        List<String> fields = new ArrayList<>();
        for (java.lang.reflect.Parameter parameter : method.reflect().getParameters()) {
          jakarta.ws.rs.FormParam field = parameter.getAnnotation(jakarta.ws.rs.FormParam.class);
          if (field != null && !"csrf".equals(field.value())) {
            fields.add(field.value());
          }
        }
        forms.put((root + sub).replaceAll("/+", "/"), fields);
      }
    }
    assertThat(forms).as("forms of the pages").hasSizeGreaterThan(8);
    return forms;
  }

  /** Why an answer breaks the rule, or null when it keeps it. */
  private static String problem(Operation operation, Hostile hostile, Answer answer) {
    int status = answer.status();
    String contentType = answer.contentType();
    String what =
        operation.method().toUpperCase(Locale.ROOT)
            + " "
            + abbreviate(hostile.path() + hostile.query())
            + " ["
            + abbreviate(
                hostile.contentType() + " " + new String(hostile.body(), StandardCharsets.UTF_8))
            + "] "
            + abbreviate(hostile.headers().toString())
            + " → "
            + status
            + " "
            + contentType
            + " "
            + abbreviate(answer.body());
    if (status >= 500 || status < 100) {
      return "server error: " + what;
    }
    if (status < 400) {
      return null;
    }
    if (operation.path().startsWith("/oauth2/")) {
      boolean oauthError =
          contentType.startsWith("application/json") && json(answer).path("error").isTextual();
      return oauthError ? null : "not an RFC 6749 error: " + what;
    }
    boolean problemJson =
        contentType.startsWith("application/problem+json")
            && json(answer).path("code").isTextual()
            && json(answer).path("status").asInt() == status;
    return problemJson ? null : "not problem+json with a code: " + what;
  }

  private static JsonNode json(Answer answer) {
    try {
      return new ObjectMapper().readTree(answer.body());
    } catch (IOException e) {
      return new ObjectMapper().createObjectNode();
    }
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\p{Cntrl}", "·");
    return flat.length() <= 160 ? flat : flat.substring(0, 160) + "…(" + flat.length() + ")";
  }

  private Answer send(Operation operation, Hostile hostile, String adminBearer, String bearer) {
    String authorization = hostile.headers().get("Authorization");
    if (authorization == null) {
      if (operation.path().startsWith("/oauth2/")) {
        authorization = "Basic " + base64("webmail:test-webmail-secret");
      } else if (operation.path().startsWith("/api/v1/admin/")) {
        authorization = adminBearer;
      } else if (operation.authenticated()) {
        authorization = bearer;
      }
    }
    return exchange(operation, hostile, authorization);
  }

  /**
   * Sends the request byte for byte over a socket of its own: HTTP clients refuse to send much of
   * what is tested here (a malformed escape in the query, for one). A body above the public limit
   * is only announced by its Content-Length: the service must refuse it from the headers alone (a
   * client sending it all would only learn of the refusal as a broken connection).
   */
  private Answer exchange(Operation operation, Hostile hostile, String authorization) {
    boolean announceOnly = hostile.announced() >= 0;
    StringBuilder head =
        new StringBuilder()
            .append(operation.method().toUpperCase(Locale.ROOT))
            .append(' ')
            .append(hostile.path())
            .append(hostile.query())
            .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    if (!hostile.headers().containsKey("X-Forwarded-For")) {
      head.append("X-Forwarded-For: 198.51.100.").append(1 + random.nextInt(254)).append("\r\n");
    }
    head.append("Content-Length: ")
        .append(announceOnly ? hostile.announced() : hostile.body().length)
        .append("\r\n");
    if (hostile.contentType() != null) {
      head.append("Content-Type: ").append(hostile.contentType()).append("\r\n");
    }
    if (authorization != null) {
      head.append("Authorization: ").append(authorization).append("\r\n");
    }
    hostile
        .headers()
        .forEach(
            (name, value) -> {
              if (!"Authorization".equals(name)) {
                head.append(name).append(": ").append(value).append("\r\n");
              }
            });
    head.append("\r\n");
    int port = operation.management() ? management.getPort() : RestAssured.port;
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      if (!announceOnly) {
        out.write(hostile.body());
      }
      out.flush();
      return parse(readAnswer(socket.getInputStream()));
    } catch (IOException | RuntimeException e) {
      return new Answer(0, "", "no answer: " + e, "");
    }
  }

  /**
   * The bytes of one answer: its head, then its body by Content-Length, to the last chunk, or to
   * the end of the connection. Not simply to the end of the connection: a server that refused a
   * body it never received may keep the connection open for it.
   */
  private static byte[] readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    int headEnd = -1;
    while (headEnd < 0) {
      int b = in.read();
      if (b < 0) {
        return raw.toByteArray();
      }
      raw.write(b);
      byte[] sofar = raw.toByteArray();
      int n = sofar.length;
      if (n >= 4
          && sofar[n - 4] == '\r'
          && sofar[n - 3] == '\n'
          && sofar[n - 2] == '\r'
          && sofar[n - 1] == '\n') {
        headEnd = n;
      }
    }
    String head = raw.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("\r\ncontent-length:\\s*(\\d+)").matcher(head);
    if (length.find()) {
      raw.write(in.readNBytes(Integer.parseInt(length.group(1))));
    } else if (head.contains("\r\ntransfer-encoding: chunked")) {
      while (!raw.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        raw.write(b);
      }
    } else {
      raw.write(in.readAllBytes());
    }
    return raw.toByteArray();
  }

  /** An HTTP/1.1 answer, its body de-chunked. */
  private static Answer parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    String contentType = "";
    boolean chunked = false;
    for (String line : lines) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-type:")) {
        contentType = line.substring(13).strip();
      }
      if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    // ISO-8859-1 maps each byte to one char, so indexes in text are byte offsets.
    String body = text.substring(end + 4);
    if (chunked) {
      StringBuilder joined = new StringBuilder();
      int at = 0;
      int size;
      do {
        int lineEnd = body.indexOf("\r\n", at);
        size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].strip(), 16);
        joined.append(body, lineEnd + 2, lineEnd + 2 + size);
        at = lineEnd + 2 + size + 2;
      } while (size > 0);
      body = joined.toString();
    }
    return new Answer(
        status,
        contentType,
        new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
        text.substring(0, end));
  }

  private List<Hostile> hostileRequests(Operation operation) {
    List<Hostile> hostile = new ArrayList<>();
    String plainPath = operation.path().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    Map<String, String> none = Map.of();
    byte[] nothing = new byte[0];
    // Hostile path values, one parameter at a time (an unknown UUID stands for the others).
    String[] segments = operation.path().split("\\{[^}]+}", -1);
    for (int parameter = 0; parameter < segments.length - 1; parameter++) {
      for (String value : HOSTILE_VALUES) {
        if (value.isEmpty() || value.contains("/")) {
          continue; // another route, not this operation
        }
        StringBuilder path = new StringBuilder(segments[0]);
        for (int i = 0; i < segments.length - 1; i++) {
          path.append(i == parameter ? encode(value) : UUID.randomUUID().toString())
              .append(segments[i + 1]);
        }
        hostile.add(withBody(operation, path.toString(), "", none));
      }
    }
    for (String name : operation.query()) {
      for (String value : HOSTILE_VALUES) {
        hostile.add(withBody(operation, plainPath, "?" + name + "=" + encode(value), none));
      }
      hostile.add(withBody(operation, plainPath, "?" + name + "=%ZZ", none));
    }
    for (String name : operation.headers()) {
      for (String value : List.of("*;q=abc", "zz-ZZ", "x".repeat(4_000), ",,,;;;", "fr;q=2")) {
        hostile.add(withBody(operation, plainPath, "", Map.of(name, value)));
      }
    }
    // Behind the trusted proxy (the test profile trusts 127.0.0.1), what it forwards is read too.
    for (String forwarded : HOSTILE_FORWARDED) {
      hostile.add(withBody(operation, plainPath, "", Map.of("X-Forwarded-For", forwarded)));
    }
    if (operation.authenticated() || operation.path().startsWith("/api/v1/admin/")) {
      for (String authorization : HOSTILE_AUTHORIZATIONS) {
        hostile.add(withBody(operation, plainPath, "", Map.of("Authorization", authorization)));
      }
    }
    if ("application/json".equals(operation.bodyType())) {
      for (String body : hostileJson(operation.bodyExample())) {
        hostile.add(new Hostile(plainPath, "", none, "application/json", utf8(body)));
      }
      hostile.add(
          new Hostile(
              plainPath, "", none, "application/json", new byte[] {'{', '"', (byte) 0xC3, 0x28}));
      hostile.add(new Hostile(plainPath, "", none, "text/plain", utf8("{}")));
      hostile.add(new Hostile(plainPath, "", none, "application/json; charset=EBCDIC", utf8("{}")));
      hostile.add(new Hostile(plainPath, "", none, null, nothing));
    }
    if ("application/x-www-form-urlencoded".equals(operation.bodyType())) {
      for (String body : hostileForms()) {
        hostile.add(
            new Hostile(
                plainPath,
                "",
                none,
                "application/x-www-form-urlencoded; charset=UTF-8",
                utf8(body)));
      }
      hostile.add(new Hostile(plainPath, "", none, "application/json", utf8("{\"a\":1}")));
      hostile.add(
          new Hostile(
              plainPath,
              "",
              Map.of("Authorization", "Basic " + base64("\u0000:\u0000")),
              "application/x-www-form-urlencoded",
              utf8("grant_type=password&username=a&password=b")));
    }
    if ("text/csv".equals(operation.bodyType())) {
      byte[] garbage = new byte[20_000];
      random.nextBytes(garbage);
      hostile.add(new Hostile(plainPath, "", none, "text/csv", garbage));
      hostile.add(new Hostile(plainPath, "", none, "text/csv", utf8("\u0000\u0001\u0002;;;\n")));
      hostile.add(new Hostile(plainPath, "", none, "text/csv", nothing));
      hostile.add(new Hostile(plainPath, "", none, "multipart/form-data", utf8("--x\r\n")));
      hostile.add(
          new Hostile(
              plainPath,
              "",
              none,
              "multipart/form-data; boundary=x",
              utf8("--x\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nv\r\n--x--\r\n")));
    }
    if (operation.bodyType() != null) {
      // Above the body limit, announced by Content-Length and never sent.
      hostile.add(
          new Hostile(
              plainPath,
              "",
              none,
              "application/json",
              new byte[0],
              operation.management() ? OVER_THE_MANAGEMENT_LIMIT : OVER_THE_PUBLIC_LIMIT));
    }
    if (!operation.takesInput()) {
      // No input to spoil but the query: unknown parameters must not matter.
      hostile.add(withBody(operation, plainPath, "?%00=%00&limit=-1", none));
    }
    return hostile;
  }

  /**
   * A request with hostile path, query or headers and, when the operation takes one, a
   * valid-looking body.
   */
  private static Hostile withBody(
      Operation operation, String path, String query, Map<String, String> headers) {
    if ("application/json".equals(operation.bodyType())) {
      return new Hostile(
          path, query, headers, "application/json", utf8(operation.bodyExample().toString()));
    }
    if ("application/x-www-form-urlencoded".equals(operation.bodyType())) {
      return new Hostile(
          path,
          query,
          headers,
          "application/x-www-form-urlencoded; charset=UTF-8",
          utf8("grant_type=password&username=nobody&password=x&token=x"));
    }
    if ("text/csv".equals(operation.bodyType())) {
      return new Hostile(path, query, headers, "text/csv", utf8("not;a;directory\n"));
    }
    return new Hostile(path, query, headers, null, new byte[0]);
  }

  private static List<String> hostileJson(ObjectNode example) {
    List<String> bodies = new ArrayList<>();
    bodies.addAll(
        List.of(
            "",
            "{",
            "[]",
            "null",
            "42",
            "\"x\"",
            "{\"a\":",
            "\uFEFF{}",
            "{}{}",
            "{\"__proto__\": {\"admin\": true}}",
            "[".repeat(5_000) + "]".repeat(5_000),
            "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000)));
    Iterator<String> names = example.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      for (String value : WRONG_JSON_VALUES) {
        bodies.add(
            example.toString().replace("\"" + name + "\":\"x\"", "\"" + name + "\":" + value));
      }
      ObjectNode without = example.deepCopy();
      without.remove(name);
      bodies.add(without.toString());
      ObjectNode duplicated = example.deepCopy();
      bodies.add(duplicated.toString().replaceFirst("\\{", "{\"" + name + "\":\"y\","));
    }
    return bodies;
  }

  private static List<String> hostileForms() {
    return List.of(
        "",
        "%ZZ",
        "=&=&&",
        "grant_type=password&username=%00&password=%00",
        "grant_type=password&username=" + "%C3%A9".repeat(300) + "&password=" + "x".repeat(10_000),
        "grant_type=password&grant_type=refresh_token&username=a&password=b",
        "grant_type=" + "x".repeat(100_000),
        "grant_type=refresh_token&refresh_token=" + "x".repeat(600),
        "grant_type=refresh_token&refresh_token=%00",
        "grant_type=client_credentials&scope=%00",
        "grant_type=password&username=a&password=b&client_id=other&client_secret=x",
        "token=%00&token_type_hint=%00",
        "token=" + "a.".repeat(5_000) + "&token_type_hint=access_token",
        "token=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
        "grant_type=password&username=a&password=%FF%FE");
  }

  /** Every operation of the contract with the inputs it declares. */
  private static List<Operation> operations(JsonNode contract) {
    List<Operation> operations = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = contract.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
      while (methods.hasNext()) {
        Map.Entry<String, JsonNode> method = methods.next();
        if (!HTTP_METHODS.contains(method.getKey())) {
          continue;
        }
        // The key rotations take no input at all, and an emergency rotation would withdraw the
        // tokens of every later test: their hostile credentials are covered by the other
        // administration endpoints.
        if (path.getKey().startsWith("/api/v1/admin/keys/")) {
          continue;
        }
        JsonNode operation = method.getValue();
        List<String> query = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        List<JsonNode> parameters = new ArrayList<>();
        path.getValue().path("parameters").forEach(parameters::add);
        operation.path("parameters").forEach(parameters::add);
        for (JsonNode parameter : parameters) {
          JsonNode resolved = resolve(contract, parameter);
          switch (resolved.path("in").asText()) {
            case "query" -> query.add(resolved.path("name").asText());
            case "header" -> headers.add(resolved.path("name").asText());
            default -> {}
          }
        }
        JsonNode body = resolve(contract, operation.path("requestBody"));
        Set<String> bodyTypes = new LinkedHashSet<>();
        body.path("content").fieldNames().forEachRemaining(bodyTypes::add);
        String bodyType = bodyTypes.isEmpty() ? null : bodyTypes.iterator().next();
        ObjectNode example = new ObjectMapper().createObjectNode();
        JsonNode schema =
            resolve(contract, body.path("content").path("application/json").path("schema"));
        schema.path("properties").fieldNames().forEachRemaining(name -> example.put(name, "x"));
        boolean authenticated = operation.has("security") && !operation.path("security").isEmpty();
        // The contract names the management port per path, mostly through a YAML alias, which
        // Jackson does not resolve: the administration paths are all there.
        boolean management = path.getKey().startsWith("/api/v1/admin/");
        operations.add(
            new Operation(
                method.getKey(),
                path.getKey(),
                List.copyOf(query),
                List.copyOf(headers),
                bodyType,
                example,
                authenticated,
                management));
      }
    }
    assertThat(operations).as("operations of openapi.yaml").hasSizeGreaterThan(40);
    return operations;
  }

  private static JsonNode resolve(JsonNode contract, JsonNode node) {
    JsonNode current = node;
    while (current.has("$ref")) {
      String ref = current.path("$ref").asText();
      current = contract.at(ref.substring(1));
    }
    return current;
  }

  private static JsonNode contract() throws IOException {
    return new ObjectMapper(new YAMLFactory())
        .readTree(java.nio.file.Path.of("openapi.yaml").toFile());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(utf8(text));
  }
}
