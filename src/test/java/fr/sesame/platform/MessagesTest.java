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
  void readsAcceptLanguageByWeightAndSkipsWhatDoesNotParse() {
    assertThat(Messages.pick((String) null)).isEqualTo(Messages.FRENCH);
    assertThat(Messages.pick("en-GB,fr;q=0.9")).isEqualTo(Messages.ENGLISH);
    assertThat(Messages.pick("de, en;q=0.5, fr;q=0.8")).isEqualTo(Messages.FRENCH);
    assertThat(Messages.pick("fr;q=0, en")).isEqualTo(Messages.ENGLISH);
    // JAX-RS's own parser fails the request on each of these.
    assertThat(Messages.pick("fr;q=2, en")).isEqualTo(Messages.ENGLISH);
    assertThat(Messages.pick("*;q=abc")).isEqualTo(Messages.FRENCH);
    assertThat(Messages.pick("x".repeat(4_000) + ", en")).isEqualTo(Messages.ENGLISH);
    assertThat(Messages.pick(",,,;;;")).isEqualTo(Messages.FRENCH);
    assertThat(Messages.wellFormed("fr;q=2, *;q=abc,en-GB, de;q=0.5")).isEqualTo("en-GB, de;q=0.5");
    assertThat(Messages.wellFormed("x".repeat(100))).isNull();
  }
}
