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
}
