package fr.sesame.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MessagesTest {

  @Test
  void everyKeyExistsInEveryLanguage() {
    Set<String> french = new TreeSet<>(Collections.list(Messages.bundle(Locale.FRENCH).getKeys()));
    Set<String> english =
        new TreeSet<>(Collections.list(Messages.bundle(Locale.ENGLISH).getKeys()));
    assertThat(french).isNotEmpty().isEqualTo(english);
  }

  @Test
  void speaksFrenchUnlessAskedForEnglish() {
    assertThat(Messages.pick(List.of())).isEqualTo(Messages.FRENCH);
    assertThat(Messages.pick(List.of(Locale.GERMAN))).isEqualTo(Messages.FRENCH);
    assertThat(Messages.pick(List.of(Locale.GERMAN, Locale.UK))).isEqualTo(Messages.ENGLISH);
    assertThat(Messages.text(Locale.ENGLISH, "password.too-short", Map.of("min", 12)))
        .isEqualTo("The password must be at least 12 characters long.");
    assertThat(Messages.text(Locale.FRENCH, "password.too-short", Map.of("min", 12)))
        .isEqualTo("Le mot de passe doit compter au moins 12 caractères.");
  }

  @Test
  void keepsOnlyTheAcceptLanguageEntriesThatParse() {
    assertThat(Messages.wellFormed(null)).isNull();
    assertThat(Messages.wellFormed("en-GB,fr;q=0.9")).isEqualTo("en-GB, fr;q=0.9");
    // JAX-RS's own parser fails the request on each of the entries dropped here.
    assertThat(Messages.wellFormed("fr;q=2, *;q=abc,en-GB, de;q=0.5")).isEqualTo("en-GB, de;q=0.5");
    assertThat(Messages.wellFormed("x".repeat(4_000) + ", en")).isEqualTo("en");
    assertThat(Messages.wellFormed(",,,;;;")).isNull();
    assertThat(Messages.wellFormed("x".repeat(100))).isNull();
  }
}
