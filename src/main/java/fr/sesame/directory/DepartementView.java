package fr.sesame.directory;

import java.util.List;

/** A département of the académie, its DSDEN and the contacts of its staff services. */
public record DepartementView(String code, String name, String dsden, List<Contact> contacts) {

  /** The service a category of staff calls. */
  public record Contact(
      String category, String service, String email, String phone, String hours) {}
}
