package fr.sesame.audit;

import java.time.Instant;
import java.util.UUID;

/** An audit row as administrators read and export it, and as a person sees their own. */
public record AuditRecord(
    long id,
    Instant occurredAt,
    String event,
    String result,
    String reason,
    UUID actor,
    UUID target,
    String clientAddress,
    String userAgent) {}
