package fr.sesame.notify;

import fr.sesame.platform.Messages;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns a queued message into what people read, in their language: an e-mail with an HTML and a
 * text part, or an SMS. Every word comes from the bundles ({@code mail.<kind>.*}, {@code
 * sms.<kind>}); the templates only lay them out.
 */
@ApplicationScoped
class MessageRenderer {

  /** An e-mail ready to send. */
  record Email(String subject, String html, String text) {}

  private final Template html;
  private final Template text;
  private final String academie;
  private final String host;

  MessageRenderer(
      @Location("notify/email.html") Template html,
      @Location("notify/email.txt") Template text,
      @ConfigProperty(name = "sesame.academie.name") String academie,
      @ConfigProperty(name = "sesame.public-url") String publicUrl) {
    this.html = html;
    this.text = text;
    this.academie = academie;
    this.host = URI.create(publicUrl).getHost();
  }

  Email email(String kind, String language, Map<String, String> parameters) {
    Locale locale = Messages.of(language);
    Map<String, Object> values = values(parameters);
    String subject = Messages.text(locale, "mail." + kind + ".subject", values);
    Map<String, Object> data = new HashMap<>();
    data.put("lang", locale.getLanguage());
    data.put("academie", academie);
    data.put("subject", subject);
    data.put(
        "greeting",
        parameters.containsKey("firstName")
            ? Messages.text(locale, "mail.greeting-named", values)
            : Messages.text(locale, "mail.greeting"));
    data.put("intro", Messages.text(locale, "mail." + kind + ".intro", values));
    data.put("highlight", highlight(parameters));
    data.put("outro", Messages.find(locale, "mail." + kind + ".outro", values).orElse(null));
    data.put("footer", Messages.text(locale, "mail.footer", values));
    return new Email(subject, html.data(data).render(), text.data(data).render());
  }

  /**
   * The text of an SMS. A code ends with the origin-bound line of the WebOTP format ({@code @host
   * #code}), so that phones offer it in the page's one-time-code field, and only there.
   */
  String sms(String kind, String language, Map<String, String> parameters) {
    String body = Messages.text(Messages.of(language), "sms." + kind, values(parameters));
    String code = parameters.get("code");
    return code == null || host == null ? body : body + "\n\n@" + host + " #" + code;
  }

  private Map<String, Object> values(Map<String, String> parameters) {
    Map<String, Object> values = new HashMap<>(parameters);
    values.put("academie", academie);
    return values;
  }

  private static String highlight(Map<String, String> parameters) {
    String code = parameters.get("code");
    return code != null ? code : parameters.get("login");
  }
}
