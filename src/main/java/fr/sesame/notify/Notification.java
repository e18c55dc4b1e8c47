package fr.sesame.notify;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A message to send: its {@code kind} names the texts in the bundles ({@code mail.<kind>.*} and
 * {@code sms.<kind>}), filled in with {@code parameters} in the person's {@code language}.
 *
 * @param staffId the person it concerns, for their history (null when none)
 * @param discardAfter when the message becomes useless (a code that expired), or null
 */
public record Notification(
    Channel channel,
    String recipient,
    String kind,
    String language,
    Map<String, String> parameters,
    UUID staffId,
    Instant discardAfter) {

  public Notification {
    parameters = Map.copyOf(parameters);
  }
}
