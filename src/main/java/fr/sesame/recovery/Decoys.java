package fr.sesame.recovery;

import fr.sesame.notify.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * Masked recovery options for an identifier that opens no usable account (unknown, not active, or
 * with no verified channel), so that the reset answers exactly like it does for anyone else. They
 * are derived from the identifier with a server key: asking twice shows the same options, as it
 * would for a real person, and nobody outside can tell them from real ones. Their proportions
 * follow what real people register (mostly an e-mail address).
 */
final class Decoys {

  private static final String[] DOMAINS = {
    "gmail.com",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "hotmail.fr",
    "yahoo.fr",
    "sfr.fr",
    "outlook.fr",
    "wanadoo.fr",
    "icloud.com"
  };

  private Decoys() {}

  static List<FlowOption> options(byte[] key, String identifier) {
    byte[] h = FlowService.hmac(key, identifier);
    int pick = Byte.toUnsignedInt(h[0]) % 100;
    List<FlowOption> options = new ArrayList<>();
    if (pick < 85) {
      String local = String.valueOf((char) ('a' + Byte.toUnsignedInt(h[1]) % 26));
      String domain = DOMAINS[Byte.toUnsignedInt(h[2]) % DOMAINS.length];
      options.add(
          new FlowOption(Channel.EMAIL, ContactValues.mask(Channel.EMAIL, local + "x@" + domain)));
    }
    if (pick >= 60) {
      String last = String.format("%02d", Byte.toUnsignedInt(h[3]) % 100);
      options.add(
          new FlowOption(Channel.SMS, ContactValues.mask(Channel.SMS, "+336000000" + last)));
    }
    return options;
  }
}
