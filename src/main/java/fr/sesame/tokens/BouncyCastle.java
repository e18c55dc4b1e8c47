package fr.sesame.tokens;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Bouncy Castle's JCA provider, registered once (last, so it is used only where asked). */
final class BouncyCastle {

  static final Provider PROVIDER;

  static {
    Provider registered = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
    if (registered == null) {
      registered = new BouncyCastleProvider();
      Security.addProvider(registered);
    }
    PROVIDER = registered;
  }

  private BouncyCastle() {}
}
