package fr.sesame.directory;

import java.util.List;

/** The académie as the public pages and fronts see it: who to contact when stuck. */
public record AcademieView(
    String code, String name, String mailDomain, List<DepartementView> departements) {

  /** A département and its DSDEN. */
  public record DepartementView(
      String code, String name, String dsden, List<ContactView> contacts) {}

  /** A DSDEN staff service for one category. */
  public record ContactView(
      String category, String service, String email, String phone, String hours) {}
}
