package fr.sesame.directory;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/** Staff categories, as HR extracts name them. Each DSDEN has a contact per category. */
public enum Category {
  PREMIER_DEGRE("1D", "premier degré"),
  SECOND_DEGRE("2D", "second degré public"),
  PRIVE("PRIVE", "enseignement privé"),
  ATSS("ATSS", "administratif, technique, social et de santé"),
  AUTRE("AUTRE", "autre");

  private final String shortCode;
  private final String label;

  Category(String shortCode, String label) {
    this.shortCode = shortCode;
    this.label = label;
  }

  /**
   * Reads the category column of an HR extract: the enum name, its short code (1D, 2D) or its
   * French label, in any case, with or without accents, hyphens or spaces.
   */
  public static Optional<Category> parse(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String key = simplify(raw);
    for (Category category : values()) {
      if (key.equals(simplify(category.name()))
          || key.equals(simplify(category.shortCode))
          || key.equals(simplify(category.label))) {
        return Optional.of(category);
      }
    }
    return switch (key) {
      case "PREMIERDEGRE", "1ERDEGRE" -> Optional.of(PREMIER_DEGRE);
      case "SECONDDEGRE", "2NDDEGRE", "SECONDDEGREPUBLIC" -> Optional.of(SECOND_DEGRE);
      case "ADMINISTRATIF", "ATSSADMINISTRATIF" -> Optional.of(ATSS);
      default -> Optional.empty();
    };
  }

  private static String simplify(String value) {
    return Normalizer.normalize(value, Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .replaceAll("[\\s_\\-/,']", "")
        .toUpperCase(Locale.ROOT);
  }
}
