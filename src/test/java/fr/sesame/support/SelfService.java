package fr.sesame.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.altcha.altcha.Altcha;

/** Calls to the self-service API as a front would make them. */
public final class SelfService {

  public static final String WEBMAIL = "webmail";
  public static final String WEBMAIL_SECRET = "test-webmail-secret";

  private SelfService() {}

  /** A client address of its own (the test profile trusts the local proxy). */
  public static String someAddress() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "198.19." + random.nextInt(256) + "." + random.nextInt(1, 255);
  }

  public static RequestSpecification from(String address) {
    return given().header("X-Forwarded-For", address).contentType(ContentType.JSON);
  }

  public static RequestSpecification json() {
    return from(someAddress());
  }

  /** Solves a fresh ALTCHA challenge as the page's script does. */
  public static String antiBot() {
    JsonPath challenge =
        given().get("/api/v1/anti-bot/challenge").then().statusCode(200).extract().jsonPath();
    try {
      Altcha.Solution solution =
          Altcha.solveChallenge(
              challenge.getString("challenge"),
              challenge.getString("salt"),
              Altcha.Algorithm.SHA256,
              challenge.getLong("maxnumber"),
              0);
      String payload =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .writeValueAsString(
                  Map.of(
                      "algorithm", challenge.getString("algorithm"),
                      "challenge", challenge.getString("challenge"),
                      "number", solution.number,
                      "salt", challenge.getString("salt"),
                      "signature", challenge.getString("signature")));
      return Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts a reset for {@code login} and has a code sent by e-mail; the flow's handle. */
  public static String resetWithMailedCode(String login) {
    String flow =
        json().body(Map.of("identifier", login)).post("/api/v1/password-reset").path("flow");
    json()
        .body(Map.of("flow", flow, "channel", "EMAIL"))
        .post("/api/v1/password-reset/code")
        .then()
        .statusCode(200);
    return flow;
  }

  /** Logs in through the token endpoint. */
  public static Response login(String username, String password) {
    return given()
        .header("X-Forwarded-For", someAddress())
        .auth()
        .preemptive()
        .basic(WEBMAIL, WEBMAIL_SECRET)
        .contentType("application/x-www-form-urlencoded; charset=UTF-8")
        .formParam("grant_type", "password")
        .formParam("username", username)
        .formParam("password", password)
        .post("/oauth2/token");
  }

  /** The code in the last e-mail to {@code address} (waits for {@code count} e-mails). */
  public static String codeMailedTo(String address, int count) {
    try {
      var mails = MailAndSms.mailsTo(address, count);
      String subject = mails.get(count - 1).getSubject();
      Object content = mails.get(count - 1).getContent();
      String text =
          content instanceof jakarta.mail.Multipart parts ? firstText(parts) : content.toString();
      java.util.regex.Matcher code =
          java.util.regex.Pattern.compile("\\b(\\d{6})\\b").matcher(text);
      if (!code.find()) {
        throw new AssertionError("no code in " + subject);
      }
      return code.group(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text part of the e-mail number {@code count} to {@code address}. */
  /**
   * The text of every e-mail to {@code address} (waits for {@code count}), in arrival order: for
   * tests where two messages race (a code and a notice queued in the same second).
   */
  public static java.util.List<String> mailBodies(String address, int count) {
    java.util.List<String> bodies = new java.util.ArrayList<>();
    for (int i = 1; i <= count; i++) {
      bodies.add(mailBody(address, i));
    }
    return bodies;
  }

  public static String mailBody(String address, int count) {
    try {
      Object content = MailAndSms.mailsTo(address, count).get(count - 1).getContent();
      return content instanceof jakarta.mail.Multipart parts
          ? firstText(parts)
          : content.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The code in the last SMS to {@code number}. */
  public static String codeTextedTo(String number, int count) {
    String text = MailAndSms.smsTo(number, count).get(count - 1).text();
    return text.substring(0, 6);
  }

  private static String firstText(jakarta.mail.Multipart parts) throws Exception {
    for (int i = 0; i < parts.getCount(); i++) {
      Object part = parts.getBodyPart(i).getContent();
      if (part instanceof jakarta.mail.Multipart nested) {
        return firstText(nested);
      }
      if (parts.getBodyPart(i).isMimeType("text/plain")) {
        return part.toString();
      }
    }
    return parts.getBodyPart(0).getContent().toString();
  }
}
