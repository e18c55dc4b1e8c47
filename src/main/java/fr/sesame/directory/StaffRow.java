package fr.sesame.directory;

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
   * find what changed. The import reuses one {@link SourceDigest} row after row.
   */
  long sourceHash() {
    return new SourceDigest().of(this);
  }
}
