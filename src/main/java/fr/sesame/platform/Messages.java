package fr.sesame.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * Texts for people, French first and English too, from {@code i18n/messages*.properties}. A message
 * key is the stable code of the problem or rule it explains; parameters are named ({@code {min}}),
 * so that translations may reorder them.
 */
public final class Messages {

  public static final Locale FRENCH = Locale.FRENCH;
  public static final Locale ENGLISH = Locale.ENGLISH;
  private static final String BUNDLE = "i18n.messages";
  private static final int MAX_LANGUAGE_ENTRIES = 32;
  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private Messages() {}

  /** The text of {@code key} in {@code locale}, with its named parameters filled in. */
  public static String text(Locale locale, String key, Map<String, ?> parameters) {
    return find(locale, key, parameters).orElse(key);
  }

  /** The text of {@code key}, when the bundles have one (optional parts of a message). */
  public static Optional<String> find(Locale locale, String key, Map<String, ?> parameters) {
    String text;
    try {
      text = bundle(locale).getString(key);
    } catch (MissingResourceException e) {
      return Optional.empty();
    }
    for (Map.Entry<String, ?> parameter : parameters.entrySet()) {
      text = text.replace("{" + parameter.getKey() + "}", String.valueOf(parameter.getValue()));
    }
    return Optional.of(text);
  }

  /** The locale of a language code ({@code fr}, {@code en}); French for anything else. */
  public static Locale of(String language) {
    return ENGLISH.getLanguage().equals(language) ? ENGLISH : FRENCH;
  }

  public static String text(Locale locale, String key) {
    return text(locale, key, Map.of());
  }

  /**
   * An Accept-Language header with only its entries that parse, or null when none does. The header
   * is the client's to write, and JAX-RS's parser (behind {@code getAcceptableLanguages()}, which
   * {@link #pick} is given) and Qute's variant selection fail the request on an entry like {@code
   * fr;q=2} or {@code *;q=abc}: {@link RequestHygiene} puts this in place before they read it.
   */
  static String wellFormed(String acceptLanguage) {
    if (acceptLanguage == null) {
      return null;
    }
    List<String> entries = new ArrayList<>();
    // Bounded: of a header of thousands of entries, the first ones are read.
    for (String entry : acceptLanguage.split(",", MAX_LANGUAGE_ENTRIES)) {
      String stripped = entry.strip();
      if (stripped.isEmpty()) {
        continue;
      }
      try {
        Locale.LanguageRange.parse(stripped);
        entries.add(stripped);
      } catch (IllegalArgumentException malformed) {
        // Skipped; the other entries still count.
      }
    }
    return entries.isEmpty() ? null : String.join(", ", entries);
  }

  /** The first language we speak among those the client accepts, French otherwise. */
  public static Locale pick(List<Locale> acceptable) {
    for (Locale locale : acceptable) {
      if ("en".equals(locale.getLanguage())) {
        return ENGLISH;
      }
      if ("fr".equals(locale.getLanguage())) {
        return FRENCH;
      }
    }
    return FRENCH;
  }

  static ResourceBundle bundle(Locale locale) {
    return ResourceBundle.getBundle(
        BUNDLE,
        ENGLISH.getLanguage().equals(locale.getLanguage()) ? ENGLISH : Locale.ROOT,
        NO_FALLBACK);
  }
}
