package fr.sesame.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local SMS gateway that takes the JSON POST of the default body template, checks the API key,
 * and keeps every message it accepted. It can be told to fail, to play an outage.
 */
public final class FakeSmsGateway {

  public static final String API_KEY = "test-sms-key";

  /** One accepted request. */
  public record Sms(
      String to, String text, String sender, String reference, String idempotencyKey) {}

  private final HttpServer server;
  private final List<Sms> received = new ArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile int failureStatus = 503;

  private FakeSmsGateway(HttpServer server) {
    this.server = server;
  }

  static FakeSmsGateway start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      FakeSmsGateway gateway = new FakeSmsGateway(server);
      ObjectMapper json = new ObjectMapper();
      server.createContext(
          "/sms",
          exchange -> {
            int status;
            if (!"POST".equals(exchange.getRequestMethod())
                || !API_KEY.equals(exchange.getRequestHeaders().getFirst("X-Api-Key"))) {
              status = 401;
            } else if (gateway.failures.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
              status = gateway.failureStatus;
            } else {
              JsonNode body = json.readTree(exchange.getRequestBody());
              synchronized (gateway.received) {
                gateway.received.add(
                    new Sms(
                        body.path("to").asText(),
                        body.path("text").asText(),
                        body.path("sender").asText(),
                        body.path("reference").asText(),
                        exchange.getRequestHeaders().getFirst("Idempotency-Key")));
              }
              status = 202;
            }
            byte[] answer = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
          });
      server.start();
      return gateway;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
  }

  /** The next {@code count} requests fail with {@code status}. */
  public void failNext(int count, int status) {
    failureStatus = status;
    failures.set(count);
  }

  public List<Sms> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  public List<Sms> to(String number) {
    return received().stream().filter(sms -> sms.to().equals(number)).toList();
  }

  void stop() {
    server.stop(0);
  }
}
