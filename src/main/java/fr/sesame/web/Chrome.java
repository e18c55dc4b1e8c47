package fr.sesame.web;

import fr.sesame.platform.Messages;
import java.util.Locale;
import java.util.Map;

/**
 * What every page's frame needs: the language and its texts, the CSRF token of the forms, the
 * académie's name. Templates read every word through {@link #m}, never from their own markup.
 */
public record Chrome(Locale locale, String csrf, String academie, String path) {

  /** The text of a key in the page's language. */
  public String m(String key) {
    return Messages.text(locale, key);
  }

  /** The text of a key with one named parameter. */
  public String m(String key, String name, Object value) {
    return Messages.text(locale, key, Map.of(name, value == null ? "" : value));
  }

  /** The name of a channel (EMAIL, SMS) in the page's language. */
  /** A security event's name, for people ("Connexion", "Mot de passe changé"…). */
  public String event(String name) {
    return Messages.find(locale, "event." + name, Map.of()).orElse(name);
  }

  public String channel(Object channel) {
    return m("channel." + channel);
  }

  /** The confirmation of a step just done ({@code ?fait=}), or null for anything unknown. */
  public String notice(String done) {
    return done != null && java.util.Set.of("contact", "retrait", "mot-de-passe").contains(done)
        ? m("account.done." + done)
        : null;
  }

  public String lang() {
    return locale.getLanguage();
  }

  /** The other language, for the switch. */
  public String otherLang() {
    return Messages.ENGLISH.equals(locale) ? "fr" : "en";
  }
}
