package fr.sesame.notify;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * The last messages sent, in memory, for the dev run's {@code /dev/messages} page (and the tests):
 * a developer sees the codes without an SMTP server or an SMS account. Off in production, where
 * nothing keeps a code once it is sent.
 */
@ApplicationScoped
class DevInbox {

  private static final int KEPT = 200;

  /** A message as it left. */
  record Entry(
      UUID id, Instant sentAt, Channel channel, String recipient, String subject, String text) {}

  private final Deque<Entry> entries = new ArrayDeque<>();

  synchronized void add(Entry entry) {
    entries.addFirst(entry);
    while (entries.size() > KEPT) {
      entries.removeLast();
    }
  }

  synchronized List<Entry> latest() {
    return List.copyOf(entries);
  }
}
