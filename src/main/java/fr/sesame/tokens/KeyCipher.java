package fr.sesame.tokens;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private signing keys for storage: AES-256-GCM under the key-encryption key from
 * configuration, a random 96-bit nonce per key, and the key id as associated data, so that a
 * ciphertext moved to another row does not decrypt.
 */
final class KeyCipher {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random;

  KeyCipher(byte[] key, SecureRandom random) {
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "sesame.tokens.keys.encryption-key must be 32 bytes, base64-encoded"
              + " (openssl rand -base64 32)");
    }
    this.key = new SecretKeySpec(key, "AES");
    this.random = random;
  }

  static KeyCipher fromBase64(String encoded, SecureRandom random) {
    try {
      return new KeyCipher(Base64.getDecoder().decode(encoded.strip()), random);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "sesame.tokens.keys.encryption-key must be 32 bytes, base64-encoded"
              + " (openssl rand -base64 32)",
          null);
    }
  }

  byte[] encrypt(String kid, byte[] plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain);
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("private key not encrypted", e);
    }
  }

  byte[] decrypt(String kid, byte[] stored) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
      cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "signing key " + kid + " does not decrypt: wrong sesame.tokens.keys.encryption-key?",
          null);
    }
  }
}
