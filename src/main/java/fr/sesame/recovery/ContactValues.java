package fr.sesame.recovery;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import fr.sesame.notify.Channel;
import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recovery contacts as people type them: an e-mail address outside the académie (a lost académie
 * password must not lock the way back), or a French mobile number, metropolitan or overseas, so
 * that codes go only where SMS cost what they should (SMS pumping sends to premium foreign ranges).
 * Values are normalised before they are stored, and masked whenever they are shown.
 */
final class ContactValues {

  /** Metropolitan France and the overseas départements and collectivities with French numbers. */
  static final Set<String> REGIONS =
      Set.of("FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF");

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final Pattern LOCAL = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}$");
  private static final Pattern DOMAIN =
      Pattern.compile("^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");

  private ContactValues() {}

  /** The value normalised, or empty when it is not a usable contact of that channel. */
  static Optional<String> normalise(Channel channel, String raw, String academieDomain) {
    if (raw == null || raw.length() > 254) {
      return Optional.empty();
    }
    return channel == Channel.EMAIL ? email(raw, academieDomain) : mobile(raw);
  }

  static Optional<String> email(String raw, String academieDomain) {
    String value = Normalizer.normalize(raw.strip(), Normalizer.Form.NFKC);
    int at = value.lastIndexOf('@');
    if (at <= 0 || at == value.length() - 1) {
      return Optional.empty();
    }
    String local = value.substring(0, at);
    String domain;
    try {
      domain =
          IDN.toASCII(value.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!LOCAL.matcher(local).matches()
        || local.startsWith(".")
        || local.endsWith(".")
        || local.contains("..")
        || !DOMAIN.matcher(domain).matches()) {
      return Optional.empty();
    }
    String home = academieDomain.toLowerCase(Locale.ROOT);
    if (domain.equals(home) || domain.endsWith("." + home)) {
      return Optional.empty();
    }
    // Local parts are case-sensitive in theory and never in practice: stored lower-case, an
    // address is recognised however it is typed.
    return Optional.of(local.toLowerCase(Locale.ROOT) + "@" + domain);
  }

  /** A French mobile number in E.164 ({@code +33612345678}), from any usual way of writing it. */
  static Optional<String> mobile(String raw) {
    String typed = Normalizer.normalize(raw.strip(), Normalizer.Form.NFKC);
    if (!typed.matches("^[+0-9 .()\\-]{6,25}$")) {
      return Optional.empty();
    }
    try {
      PhoneNumber number = PHONES.parse(typed, "FR");
      String region = PHONES.getRegionCodeForNumber(number);
      PhoneNumberType type = PHONES.getNumberType(number);
      if (region == null
          || !REGIONS.contains(region)
          || !PHONES.isValidNumber(number)
          || (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE)) {
        return Optional.empty();
      }
      return Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /**
   * What a page may show of a contact: {@code j•••@g•••.com}, {@code •• •• •• •• 42}. Enough for
   * its owner to recognise it, too little for anyone else to use it.
   */
  static String mask(Channel channel, String value) {
    if (channel == Channel.SMS) {
      return "•• •• •• •• " + value.substring(Math.max(0, value.length() - 2));
    }
    int at = value.lastIndexOf('@');
    String domain = value.substring(at + 1);
    int dot = domain.lastIndexOf('.');
    return value.charAt(0)
        + "•••@"
        + domain.charAt(0)
        + "•••"
        + (dot > 0 ? domain.substring(dot) : "");
  }
}
