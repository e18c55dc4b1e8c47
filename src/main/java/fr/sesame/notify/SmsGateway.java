package fr.sesame.notify;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Sends SMS through the configured HTTP gateway. Any gateway that takes one JSON POST per message
 * fits: the body is a configured template (README, "SMS gateways"). Timeouts are short; retries are
 * the courier's.
 */
@ApplicationScoped
class SmsGateway {

  private final NotifyConfig.Sms config;
  private final Optional<SmsGatewayClient> client;

  SmsGateway(NotifyConfig config) {
    this.config = config.sms();
    this.client = this.config.gatewayUrl().filter(url -> !url.isBlank()).map(this::build);
  }

  boolean configured() {
    return client.isPresent();
  }

  /**
   * Sends {@code text} to {@code to} (E.164).
   *
   * @throws Refused when the gateway refuses the message itself (4xx other than 429): retrying
   *     would not help
   * @throws IllegalStateException on any other failure, to be retried
   */
  void send(UUID id, String to, String text) {
    String body =
        config
            .body()
            .replace("{to}", json(to))
            .replace("{text}", json(text))
            .replace("{sender}", json(config.sender()))
            .replace("{id}", id.toString());
    try (Response response = client.orElseThrow().send(id.toString(), body)) {
      int status = response.getStatus();
      if (status >= 200 && status < 300) {
        return;
      }
      if (status >= 400 && status < 500 && status != 408 && status != 429) {
        throw new Refused(status);
      }
      throw new IllegalStateException("SMS gateway answered " + status);
    }
  }

  /** The gateway refused a message for good. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status) {
      super("SMS gateway refused the message: " + status, null, false, false);
      this.status = status;
    }
  }

  private SmsGatewayClient build(String url) {
    String header = config.authHeader();
    Optional<String> value = config.authValue();
    ClientHeadersFactory credentials =
        new ClientHeadersFactory() {
          @Override
          public MultivaluedMap<String, String> update(
              MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
            MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
            value.ifPresent(v -> headers.putSingle(header, v));
            return headers;
          }
        };
    return QuarkusRestClientBuilder.newBuilder()
        .baseUri(URI.create(url))
        .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .clientHeadersFactory(credentials)
        .disableDefaultMapper(true)
        .followRedirects(false)
        .build(SmsGatewayClient.class);
  }

  /** The inside of a JSON string literal. */
  static String json(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
