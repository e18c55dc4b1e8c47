package fr.sesame.directory;

import java.time.Instant;
import java.util.UUID;

/**
 * A staff member as administrators see them: the NUMEN masked, the birth date never shown (both are
 * the knowledge factor of activation and recovery).
 */
public record StaffView(
    UUID id,
    String numen,
    String familyName,
    String firstName,
    String category,
    String departement,
    String uai,
    String schoolName,
    String login,
    String address,
    String state,
    String blockReason,
    int mailQuotaMb,
    String language,
    Instant createdAt,
    Instant updatedAt,
    Instant blockedUntil,
    Instant deletedAt) {}
