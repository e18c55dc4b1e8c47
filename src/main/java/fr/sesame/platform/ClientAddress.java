package fr.sesame.platform;

import io.netty.util.NetUtil;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The address of the client behind a request, for throttling and the audit. X-Forwarded-For is
 * believed only when the peer is one of the configured proxies (anyone can send the header), and it
 * is read from the right: each trusted proxy appends the address it saw, so the first entry from
 * the right that is not a trusted proxy is the client; entries further left are whatever the client
 * wrote.
 */
@ApplicationScoped
public class ClientAddress {

  /** Proxies in front of Sésame. */
  @ConfigMapping(prefix = "sesame.http")
  public interface ProxyConfig {

    /**
     * Addresses or CIDR ranges of the reverse proxies (ingress controllers) allowed to set
     * X-Forwarded-For, e.g. {@code 10.0.0.0/8}. Empty: the header is ignored.
     */
    @WithDefault("none")
    List<String> trustedProxies();
  }

  private final List<Range> trusted;

  ClientAddress(ProxyConfig config) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : config.trustedProxies()) {
      if (!"none".equals(entry.strip())) {
        ranges.add(
            Range.parse(entry.strip())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "sesame.http.trusted-proxies: not an address or CIDR range: "
                                + entry)));
      }
    }
    this.trusted = List.copyOf(ranges);
  }

  /** The client address of a request, from its peer and its X-Forwarded-For header. */
  public String of(HttpServerRequest request) {
    return resolve(
        request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
        request.getHeader("X-Forwarded-For"));
  }

  /** The client address of a request from {@code peer} carrying {@code forwardedFor} (or null). */
  public String resolve(String peer, String forwardedFor) {
    if (forwardedFor == null || !isTrusted(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    String client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      if (!NetUtil.isValidIpV4Address(hop) && !NetUtil.isValidIpV6Address(hop)) {
        return client;
      }
      client = hop;
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return client;
  }

  private boolean isTrusted(String address) {
    if (trusted.isEmpty() || address == null) {
      return false;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    return bytes != null && trusted.stream().anyMatch(range -> range.contains(bytes));
  }

  /** An address range: the first {@code bits} bits of {@code network}. */
  record Range(byte[] network, int bits) {

    static Optional<Range> parse(String text) {
      int slash = text.indexOf('/');
      String host = slash < 0 ? text : text.substring(0, slash);
      byte[] network = NetUtil.createByteArrayFromIpAddressString(host);
      if (network == null) {
        return Optional.empty();
      }
      int bits = network.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
        if (bits < 0 || bits > network.length * 8) {
          return Optional.empty();
        }
      }
      return Optional.of(new Range(network, bits));
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int shift = network.length * 8 - bits;
      return new BigInteger(1, address)
          .shiftRight(shift)
          .equals(new BigInteger(1, network).shiftRight(shift));
    }
  }
}
