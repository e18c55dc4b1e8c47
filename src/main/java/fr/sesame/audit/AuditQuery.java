package fr.sesame.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * What an administrator asks of the audit; every criterion is optional. {@code departement}
 * restricts the answer to events about staff of one département (a DSDEN administrator's scope).
 */
public record AuditQuery(
    String event,
    String result,
    UUID actor,
    UUID target,
    Instant from,
    Instant to,
    String departement) {}
