package fr.sesame.credentials;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import fr.sesame.directory.AcademieConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The password policy of SECURITY.md, the same on every path that sets a password (activation,
 * reset, change on the pages, change through a webmail front). Rules see the NFKC form that is
 * hashed. Every failing rule is reported, so that a person fixes everything at once.
 */
@ApplicationScoped
public class PasswordPolicy {

  private final List<PasswordRule> rules;
  private final List<PasswordRule> administratorRules;
  private final Zxcvbn zxcvbn = new Zxcvbn();
  private final List<String> academieWords;

  PasswordPolicy(PasswordConfig config, AcademieConfig academie) {
    int min = config.policy().minLength();
    if (min < 12 || min > 15) {
      throw new IllegalArgumentException("sesame.password.policy.min-length must be 12 to 15");
    }
    int administratorMin = config.policy().administratorMinLength();
    if (administratorMin < min || administratorMin > LengthRule.MAX) {
      throw new IllegalArgumentException(
          "sesame.password.policy.administrator-min-length must be at least min-length");
    }
    List<PasswordRule> common =
        List.of(
            new CharacterClassesRule(),
            new CommonPasswordRule(),
            new ContextWordsRule(academie.name(), academie.mailDomain()));
    this.rules =
        Stream.concat(Stream.<PasswordRule>of(new LengthRule(min)), common.stream()).toList();
    this.administratorRules =
        Stream.concat(Stream.<PasswordRule>of(new LengthRule(administratorMin)), common.stream())
            .toList();
    this.academieWords = List.of("academie", academie.name(), academie.mailDomain());
  }

  /** Every rule the password breaks, in the order people should read them. */
  public List<PolicyViolation> violations(String password, PasswordContext context) {
    if (password == null || password.isEmpty()) {
      return List.of(PolicyViolation.of("password.missing"));
    }
    if (password.length() > 4 * LengthRule.MAX) {
      // Not even normalised: NFKC of a huge string is work an attacker should not get for free.
      return List.of(new LengthRule(0).check(password, context).orElseThrow());
    }
    String normalised = Normalizer.normalize(password, Normalizer.Form.NFKC);
    List<PolicyViolation> found = new ArrayList<>();
    for (PasswordRule rule : context.administrator() ? administratorRules : rules) {
      rule.check(normalised, context).ifPresent(found::add);
    }
    return found;
  }

  /** Throws {@link PasswordRefused} when the password breaks any rule. */
  public void enforce(String password, PasswordContext context) {
    List<PolicyViolation> found = violations(password, context);
    if (!found.isEmpty()) {
      throw new PasswordRefused(found);
    }
  }

  /**
   * A strength estimate for the pages (zxcvbn: 0 too guessable … 4 very unguessable), with the
   * person's own words counted as known to the attacker, and its warning in their language.
   */
  public PasswordStrength strength(String password, PasswordContext context, Locale locale) {
    if (password == null || password.isEmpty()) {
      return new PasswordStrength(0, Optional.empty());
    }
    String measured =
        password.length() > LengthRule.MAX ? password.substring(0, LengthRule.MAX) : password;
    List<String> known =
        Stream.concat(
                academieWords.stream(),
                Stream.of(
                    context.numen(),
                    context.birthDate() == null ? null : context.birthDate().toString(),
                    context.login(),
                    context.address(),
                    context.familyName(),
                    context.firstName()))
            .filter(word -> word != null && !word.isBlank())
            .toList();
    Strength strength = zxcvbn.measure(measured, known);
    String warning = strength.getFeedback().getWarning(locale);
    return new PasswordStrength(
        strength.getScore(),
        warning == null || warning.isBlank() ? Optional.empty() : Optional.of(warning));
  }
}
