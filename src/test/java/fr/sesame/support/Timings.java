package fr.sesame.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

/**
 * The comparison of two timing distributions that the anti-enumeration tests share: interleaved
 * samples of two paths that must look alike. A path that skips or adds real work (a hash, a query
 * per request) moves its median and its middle half away from the other's; the noise of a shared
 * machine does not, but it can set two narrow distributions a hair apart, hence a slack of a
 * twentieth of the faster median on the overlap.
 */
public final class Timings {

  private Timings() {}

  /**
   * Fails unless the medians of {@code a} and {@code b} (nanoseconds) differ by less than {@code
   * medianTolerance} of the faster one and their middle halves overlap, within the slack.
   */
  public static void assertIndistinguishable(
      String what, long[] a, long[] b, double medianTolerance) {
    long[] x = a.clone();
    long[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    long medianX = x[x.length / 2];
    long medianY = y[y.length / 2];
    long faster = Math.min(medianX, medianY);
    assertThat((double) (Math.max(medianX, medianY) - faster) / faster)
        .as("%s: medians %d µs vs %d µs", what, medianX / 1000, medianY / 1000)
        .isLessThan(medianTolerance);
    long slack = faster / 20;
    assertThat(x[x.length / 4])
        .as("%s: first quartile of the one, third of the other", what)
        .isLessThanOrEqualTo(y[3 * y.length / 4] + slack);
    assertThat(y[y.length / 4])
        .as("%s: first quartile of the other, third of the one", what)
        .isLessThanOrEqualTo(x[3 * x.length / 4] + slack);
  }
}
