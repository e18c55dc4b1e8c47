package fr.sesame.recovery;

import fr.sesame.notify.Channel;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A persisted self-service flow: where it stands, and about whom. */
record Flow(
    UUID id,
    Kind kind,
    State state,
    UUID staffId,
    boolean deliverable,
    String subject,
    List<FlowOption> options,
    Channel codeChannel,
    Channel pendingChannel,
    String pendingValue,
    String language,
    Instant expiresAt) {

  /** The same flow after a step. */
  Flow with(State next, Channel code, Channel pending, String value) {
    return new Flow(
        id,
        kind,
        next,
        staffId,
        deliverable,
        subject,
        options,
        code,
        pending,
        value,
        language,
        expiresAt);
  }

  enum Kind {
    ACTIVATION,
    RESET,
    CONTACT
  }

  /**
   * The states of every kind (README, "Self-service flows", has the diagrams). Activation:
   * IDENTIFIED → ACTIVATED (⇄ CONTACT_CODE_SENT) → DONE. Reset: CHOOSE_CHANNEL → CODE_SENT →
   * VERIFIED → DONE, or CHOOSE_CHANNEL/CODE_SENT → VERIFIED by the NUMEN fallback. Contact:
   * CONTACT_CODE_SENT → DONE.
   */
  enum State {
    IDENTIFIED,
    ACTIVATED,
    CONTACT_CODE_SENT,
    CHOOSE_CHANNEL,
    CODE_SENT,
    VERIFIED,
    DONE
  }
}
