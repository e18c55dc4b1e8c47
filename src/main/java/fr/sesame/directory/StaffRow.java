package fr.sesame.directory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;

/** A staff member as HR describes them, validated and normalised. */
record StaffRow(
    Numen numen,
    String familyName,
    String firstName,
    LocalDate birthDate,
    Category category,
    String departement,
    String uai,
    String schoolName,
    int mailQuotaMb,
    String language) {

  String loginBase() {
    return Identifiers.loginBase(familyName, firstName);
  }

  String addressBase() {
    return Identifiers.addressBase(familyName, firstName);
  }

  String sortKey() {
    return Identifiers.sortKey(familyName, firstName);
  }

  String firstKey() {
    return Identifiers.firstKey(familyName, firstName);
  }

  /** The four derived keys at once, folding each name a single time (the import's hot path). */
  String[] keys() {
    String family = NameFolding.fold(familyName);
    String first = NameFolding.fold(firstName);
    return Identifiers.keys(family, first);
  }

  /**
   * A digest of every HR field, stored with the row: a re-import compares one number per person to
   * find what changed.
   */
  long sourceHash() {
    try {
      return sourceHash(MessageDigest.getInstance("SHA-256"));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The same, with a digest the caller reuses row after row (the import's hot path). */
  long sourceHash(MessageDigest sha) {
    {
      String canonical =
          String.join(
              "\u0000",
              numen.value(),
              familyName,
              firstName,
              birthDate.toString(),
              category.name(),
              departement,
              uai == null ? "" : uai,
              schoolName == null ? "" : schoolName,
              Integer.toString(mailQuotaMb),
              language);
      return ByteBuffer.wrap(sha.digest(canonical.getBytes(StandardCharsets.UTF_8))).getLong();
    }
  }
}
