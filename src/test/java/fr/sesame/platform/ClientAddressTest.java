package fr.sesame.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  private static ClientAddress trusting(String... proxies) {
    return new ClientAddress(() -> List.of(proxies));
  }

  @Test
  void ignoresForwardedForFromAnUntrustedPeer() {
    assertThat(trusting("none").resolve("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
    assertThat(trusting("10.0.0.0/8").resolve("203.0.113.9", "198.51.100.1"))
        .isEqualTo("203.0.113.9");
  }

  @Test
  void readsTheClientFromTheRightBehindTrustedProxies() {
    ClientAddress addresses = trusting("10.0.0.0/8", "192.168.1.1");
    // The client forged the left-most entry; the proxies appended the real hops.
    assertThat(addresses.resolve("10.1.2.3", "6.6.6.6, 198.51.100.7, 192.168.1.1"))
        .isEqualTo("198.51.100.7");
    assertThat(addresses.resolve("10.1.2.3", "198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(addresses.resolve("10.1.2.3", null)).isEqualTo("10.1.2.3");
  }

  @Test
  void neverBelievesGarbageInTheHeader() {
    ClientAddress addresses = trusting("10.0.0.0/8");
    assertThat(addresses.resolve("10.1.2.3", "evil.example, <script>")).isEqualTo("10.1.2.3");
    assertThat(addresses.resolve("10.1.2.3", "2001:db8::1")).isEqualTo("2001:db8::1");
  }

  @Test
  void refusesAMalformedProxyRange() {
    assertThatThrownBy(() -> trusting("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trusting("proxy.local")).isInstanceOf(IllegalArgumentException.class);
  }
}
