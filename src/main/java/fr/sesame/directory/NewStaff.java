package fr.sesame.directory;

/** A staff member to create, as the API receives it; every field is checked by StaffRules. */
public record NewStaff(
    String numen,
    String familyName,
    String firstName,
    String birthDate,
    String category,
    String departement,
    String uai,
    String schoolName,
    Integer mailQuotaMb,
    String language) {}
