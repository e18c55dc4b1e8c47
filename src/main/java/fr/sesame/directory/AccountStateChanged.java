package fr.sesame.directory;

import java.util.UUID;

/**
 * An account changed state (blocked, unblocked, deleted, restored). Observers run in the
 * transaction of the change, so that what must die with a block (sessions, flows, codes) dies in
 * the same commit, and the person's notices are queued in it.
 *
 * @param reason the block reason (COMPROMISED, SPAM, DEPARTURE, OTHER), or null
 */
public record AccountStateChanged(UUID staffId, String from, String to, String reason) {

  public boolean locksOut() {
    return "BLOCKED".equals(to) || "DELETED".equals(to);
  }
}
