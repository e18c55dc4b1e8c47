package fr.sesame.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The smallest SMTP server that accepts everything (RFC 5321 commands, DATA until the lone dot),
 * counts messages and remembers their recipients, with TCP_NODELAY set: a sink that costs nothing,
 * so that the outbox benchmark measures the courier and not the test server, and that never stalls,
 * so that a test counting deliveries counts the courier's sends only. (GreenMail, the tests' SMTP
 * server, answers each command in several small writes without TCP_NODELAY, pays a delayed ACK of
 * about 40 ms per round trip, and now and then stalls a connection until the client times out and
 * sends again.)
 */
public final class SmtpSink implements AutoCloseable {

  private final ServerSocket server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final AtomicLong messages = new AtomicLong();
  private final java.util.Queue<String> recipients =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  public SmtpSink() throws IOException {
    server = new ServerSocket(0, 200, java.net.InetAddress.getLoopbackAddress());
    pool.execute(this::accept);
  }

  public int port() {
    return server.getLocalPort();
  }

  public long messages() {
    return messages.get();
  }

  /** The recipient of every message received, one entry per message and recipient. */
  public java.util.List<String> recipients() {
    return java.util.List.copyOf(recipients);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        pool.execute(() -> serve(socket));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream()) {
      reply(out, "220 sink ESMTP");
      java.util.List<String> to = new java.util.ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
        switch (verb) {
          case "EHLO" -> reply(out, "250-sink\r\n250-8BITMIME\r\n250 SIZE 10485760");
          case "HELO" -> reply(out, "250 sink");
          case "RCPT" -> {
            int open = line.indexOf('<');
            int close = line.indexOf('>', open + 1);
            to.add(open >= 0 && close > open ? line.substring(open + 1, close) : line);
            reply(out, "250 ok");
          }
          case "DATA" -> {
            reply(out, "354 go ahead");
            String body;
            while ((body = in.readLine()) != null && !body.equals(".")) {
              // discarded
            }
            messages.incrementAndGet();
            recipients.addAll(to);
            to.clear();
            reply(out, "250 queued");
          }
          case "QUIT" -> {
            reply(out, "221 bye");
            return;
          }
          default -> reply(out, "250 ok");
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
  }
}
