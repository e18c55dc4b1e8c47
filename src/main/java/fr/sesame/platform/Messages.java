package fr.sesame.platform;

import java.util.ArrayList;
import java.util.Comparator;
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
   * The first language we speak among those an Accept-Language header ranks, French otherwise. The
   * header is the client's to write: an entry that does not parse ({@code fr;q=2}, {@code *;q=abc},
   * an over-long tag) is skipped, where JAX-RS's own parser would fail the request.
   */
  public static Locale pick(String acceptLanguage) {
    List<Locale.LanguageRange> ranges = new ArrayList<>();
    for (String entry : wellFormedEntries(acceptLanguage)) {
      ranges.addAll(Locale.LanguageRange.parse(entry));
    }
    // Stable: equal weights keep the client's order.
    ranges.sort(Comparator.comparingDouble(Locale.LanguageRange::getWeight).reversed());
    List<Locale> acceptable = new ArrayList<>();
    for (Locale.LanguageRange range : ranges) {
      if (range.getWeight() > 0 && !range.getRange().startsWith("*")) {
        acceptable.add(Locale.forLanguageTag(range.getRange()));
      }
    }
    return pick(acceptable);
  }

  /**
   * An Accept-Language header with only its entries that parse, or null when none does: what the
   * framework may read without failing the request ({@link RequestHygiene} puts it in place).
   */
  static String wellFormed(String acceptLanguage) {
    List<String> entries = wellFormedEntries(acceptLanguage);
    return entries.isEmpty() ? null : String.join(", ", entries);
  }

  private static List<String> wellFormedEntries(String acceptLanguage) {
    List<String> entries = new ArrayList<>();
    if (acceptLanguage == null) {
      return entries;
    }
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
    return entries;
  }

  /** The first language we speak among {@code acceptable}, in order, French otherwise. */
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
