package fr.sesame.audit;

import java.util.UUID;

/**
 * One security event, in the audit's vocabulary: an {@code event} (LOGIN, CODE_SENT…) × a result ×
 * a reason code. Never a secret: accounts are ids, what people typed is never kept.
 *
 * @param actor who acted (the person themselves, an administrator), or null when anonymous
 * @param target the account concerned, or null when none is known
 */
public record AuditEvent(
    String event, boolean success, String reason, UUID actor, UUID target, String clientAddress) {

  public static AuditEvent success(String event, UUID target, String clientAddress) {
    return new AuditEvent(event, true, null, target, target, clientAddress);
  }

  public static AuditEvent failure(String event, String reason, UUID target, String clientAddress) {
    return new AuditEvent(event, false, reason, null, target, clientAddress);
  }
}
