package fr.sesame.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A client that leaves in the middle of its request is not an error of ours. */
@QuarkusTest
class AbandonedRequestTest {

  @TestHTTPResource("/")
  URL base;

  @Test
  void recognisesAConnectionClosedUnderTheRequest() {
    assertThat(
            ProblemMapper.clientGone(
                new IOException(new IOException(new HttpClosedException("x")))))
        .isTrue();
    assertThat(ProblemMapper.clientGone(new IOException(new ClosedChannelException()))).isTrue();
    assertThat(ProblemMapper.clientGone(new IOException("No space left on device"))).isFalse();
    assertThat(ProblemMapper.clientGone(new IllegalStateException(new SQLException("x"))))
        .isFalse();
  }

  @Test
  void aBodyCutShortByTheClientIsLoggedAsTheClientsDoingNotAsAnError() throws Exception {
    Logger logger = Logger.getLogger(ProblemMapper.class.getName());
    Level level = logger.getLevel();
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.setLevel(Level.FINE);
    logger.addHandler(handler);
    try {
      // Until the mapper has seen one: a connection closed before the request reached a worker
      // thread never gets that far, and is tried again.
      for (int attempt = 0; attempt < 20 && records.isEmpty(); attempt++) {
        sendHalfAFormAndLeave();
        for (int wait = 0; wait < 50 && records.isEmpty(); wait++) {
          Thread.sleep(100);
        }
      }
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(level);
    }
    assertThat(records)
        .as("nothing logged as an error")
        .noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());
    assertThat(abandoned(records)).as("the abandoned request reached the mapper").isPositive();
  }

  private static long abandoned(List<LogRecord> records) {
    return records.stream()
        .filter(r -> String.valueOf(r.getMessage()).startsWith("Request abandoned"))
        .count();
  }

  /**
   * Headers announcing a form of 1,000 bytes, 20 of them, then the connection closed. To the
   * introspection endpoint, which reads its body on a worker thread (the token endpoint runs on the
   * event loop, which reads the whole body before the endpoint runs: a body cut short there never
   * reaches it, nor the mapper).
   */
  private void sendHalfAFormAndLeave() throws Exception {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /oauth2/introspect HTTP/1.1\r\nHost: localhost\r\n"
                  + "Content-Type: application/x-www-form-urlencoded\r\n"
                  + "Content-Length: 1000\r\n\r\ngrant_type=password&")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // Long enough for the request to reach a worker thread waiting for the rest of the body.
      Thread.sleep(300);
    }
  }
}
