package fr.sesame.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

  private static final PasswordContext THOMAS =
      new PasswordContext(
          "30E1500002BBB",
          LocalDate.of(1985, 11, 5),
          "tgirard",
          "thomas.girard@ac-montpellier.fr",
          "Girard",
          "Thomas");

  private final PasswordPolicy policy = new PasswordPolicy(config(12), academie());

  private List<String> codes(String password) {
    return policy.violations(password, THOMAS).stream().map(PolicyViolation::code).toList();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Garrigue-Soleil-2026",
        "Cigale&Platane-4817",
        "Tramontane-Vent-3150",
        "lavandeCigaleMistral42",
        "le chat de la voisine mange des olives vertes",
        "Été-Brûlant-ñ-2031"
      })
  void acceptsStrongPasswords(String password) {
    assertThat(codes(password)).isEmpty();
  }

  @Test
  void refusesShortPasswordsAndSaysTheMinimum() {
    List<PolicyViolation> found = policy.violations("Ab1!xyz", THOMAS);
    assertThat(found).extracting(PolicyViolation::code).contains("password.too-short");
    assertThat(found.get(0).message(Locale.FRENCH)).contains("12 caractères");
    assertThat(found.get(0).message(Locale.ENGLISH)).contains("12 characters");
  }

  @Test
  void refusesOverlongPasswordsInsteadOfTruncating() {
    String long129 = "Aa1!".repeat(32) + "b";
    assertThat(codes(long129)).containsExactly("password.too-long");
    assertThat(codes("Aa1!".repeat(32))).doesNotContain("password.too-long");
    assertThat(codes("x".repeat(100_000))).containsExactly("password.too-long");
  }

  @Test
  void followsTheCnilClassesRule() {
    assertThat(codes("lavandecigal1")).contains("password.too-simple"); // 13 chars, 2 classes
    assertThat(codes("Lavandecigal1")).contains("password.too-simple"); // 13 chars, 3 classes
    assertThat(codes("Lavandecigale1")).doesNotContain("password.too-simple"); // 14, 3 classes
    assertThat(codes("Lavand!cigal1")).doesNotContain("password.too-simple"); // 13, 4 classes
  }

  @Test
  void countsCharactersAfterNfkcAsOnePerCodePoint() {
    // Full-width letters are the same password as their ASCII forms once normalised.
    assertThat(codes("Ｇａｒｒｉｇｕｅ-Soleil-2026")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Azertyuiop2024!", "P@ssw0rd12345!", "Motdepasse123!", "Bonjour123456!"})
  void refusesCommonPasswordsEvenDressedUp(String password) {
    assertThat(codes(password)).contains("password.common");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Xx-30E1500002BBB-!",
        "Ne le 05/11/1985 !",
        "Anniv-1985-11-05!",
        "Zz!05111985abcd",
        "Zz!5.11.85-abcdefg",
        "5 novembre 1985 Zz!",
        "Bonjour-Tgirard-99",
        "Bonjour-Girard-9999",
        "Bonjour-Thomas-9999",
        "Vive-l'Académie-2026",
        "Montpellier-2026-Zz!"
      })
  void refusesThePersonsOwnWords(String password) {
    assertThat(codes(password)).anyMatch(code -> code.startsWith("password.contains-"));
  }

  @Test
  void namesTheReasonWithoutEchoingTheSecret() {
    List<PolicyViolation> found = policy.violations("Xx-30E1500002BBB-!", THOMAS);
    assertThat(found).extracting(PolicyViolation::code).contains("password.contains-numen");
    assertThat(found.get(0).message(Locale.FRENCH)).contains("NUMEN").doesNotContain("1500002");
  }

  @Test
  void listsEveryBrokenRuleAtOnce() {
    assertThat(codes("girard"))
        .contains("password.too-short", "password.too-simple")
        .anyMatch(code -> code.startsWith("password.contains-"));
  }

  @Test
  void shipsTheBreachedList() {
    assertThat(new CommonPasswordRule().size()).isGreaterThan(30_000);
  }

  @Test
  void estimatesStrengthWithThePersonsWordsKnown() {
    PasswordStrength weak = policy.strength("Thomas1985!", THOMAS, Locale.FRENCH);
    PasswordStrength strong = policy.strength("Cigale&Platane-4817-Mistral", THOMAS, Locale.FRENCH);
    assertThat(weak.score()).isLessThan(strong.score());
    assertThat(strong.score()).isEqualTo(4);
  }

  @Test
  void refusesAMinimumOutsideTwelveToFifteen() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new PasswordPolicy(config(8), academie()))
        .isInstanceOf(IllegalArgumentException.class);
    PasswordPolicy nist = new PasswordPolicy(config(15), academie());
    assertThat(nist.violations("Lavand!cigal1", THOMAS))
        .extracting(PolicyViolation::code)
        .containsExactly("password.too-short");
  }

  static PasswordConfig config(int minLength) {
    return new PasswordConfig() {
      @Override
      public Argon2 argon2() {
        return null;
      }

      @Override
      public Hashing hashing() {
        return new Hashing() {
          @Override
          public OptionalInt threads() {
            return OptionalInt.empty();
          }

          @Override
          public java.time.Duration maxWait() {
            return java.time.Duration.ofSeconds(1);
          }

          @Override
          public int retryAfterSeconds() {
            return 1;
          }

          @Override
          public int queue() {
            return 64;
          }
        };
      }

      @Override
      public Policy policy() {
        return new Policy() {
          @Override
          public int minLength() {
            return minLength;
          }

          @Override
          public int administratorMinLength() {
            return 16;
          }
        };
      }

      @Override
      public Optional<String> pepper() {
        return Optional.empty();
      }

      @Override
      public Optional<List<String>> previousPeppers() {
        return Optional.empty();
      }
    };
  }

  static fr.sesame.directory.AcademieConfig academie() {
    return new fr.sesame.directory.AcademieConfig() {
      @Override
      public String code() {
        return "11";
      }

      @Override
      public String name() {
        return "Académie de Montpellier";
      }

      @Override
      public String mailDomain() {
        return "ac-montpellier.fr";
      }

      @Override
      public Map<String, Departement> departements() {
        return Map.of();
      }
    };
  }
}
