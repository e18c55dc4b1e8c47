package fr.sesame.tokens;

import java.util.UUID;

/**
 * What access tokens say about a person, read from the directory when a token is issued; {@code
 * adminRole} and {@code adminDepartement} only reach the tokens of administration clients.
 */
record AccountClaims(
    UUID id,
    String login,
    String address,
    String familyName,
    String firstName,
    String departement,
    int mailQuotaMb,
    String adminRole,
    String adminDepartement) {}
