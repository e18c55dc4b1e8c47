package fr.sesame.support;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Data that no other test uses: each test makes its own people. */
public final class TestData {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicInteger COUNTER = new AtomicInteger(RANDOM.nextInt(1_000_000));

  private TestData() {}

  /** A NUMEN no other test made (the counter makes it unique within this JVM). */
  public static String numen() {
    int n = COUNTER.incrementAndGet();
    return String.format("34E%07d%s", RANDOM.nextInt(10_000_000), letters(3, n));
  }

  /** A surname no other test uses, so that logins and homonym numbers are this test's own. */
  public static String surname(String stem) {
    return stem + letters(6, COUNTER.incrementAndGet() * 7919 + RANDOM.nextInt(1000));
  }

  private static String letters(int count, int seed) {
    StringBuilder out = new StringBuilder();
    int value = Math.abs(seed);
    for (int i = 0; i < count; i++) {
      out.append((char) ('a' + value % 26));
      value /= 26;
      value += RANDOM.nextInt(26) * (i + 1);
    }
    return count == 3 ? out.toString().toUpperCase(java.util.Locale.ROOT) : out.toString();
  }
}
