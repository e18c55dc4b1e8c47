package fr.sesame.directory;

import java.util.ArrayList;
import java.util.List;

/**
 * How logins, académie addresses and search keys are made from a name (DESIGN.md, "Login" and
 * "Académie address"). The homonym number is handed out separately, by {@link IdentifierAllocator},
 * from the base computed here.
 */
final class Identifiers {

  /** Longest login base; the homonym number comes on top (jdupont, jdupont2…). */
  static final int LOGIN_BASE_MAX = 20;

  /**
   * Longest address base (before the number and the @): the local part stays well under the 64
   * characters of RFC 5321 even with a five-digit homonym number.
   */
  static final int ADDRESS_BASE_MAX = 50;

  private Identifiers() {}

  /** First letter of the folded first name, then the folded family name: "jdupont". */
  static String loginBase(String familyName, String firstName) {
    return foldedLoginBase(NameFolding.fold(familyName), NameFolding.fold(firstName));
  }

  /** Folded first name, a dot, folded family name: "jeanpierre.dupont". */
  static String addressBase(String familyName, String firstName) {
    return foldedAddressBase(NameFolding.fold(familyName), NameFolding.fold(firstName));
  }

  /** Login base, address base, sort key and first key of two already folded names. */
  static String[] keys(String family, String first) {
    return new String[] {
      foldedLoginBase(family, first),
      foldedAddressBase(family, first),
      family + " " + first,
      first + " " + family
    };
  }

  private static String foldedLoginBase(String family, String first) {
    requireLetters(family, first);
    return cut(first.charAt(0) + family, LOGIN_BASE_MAX);
  }

  private static void requireLetters(String family, String first) {
    if (family.isEmpty() || first.isEmpty()) {
      throw new IllegalArgumentException("name has no Latin letters");
    }
  }

  private static String foldedAddressBase(String family, String first) {
    requireLetters(family, first);
    int firstMax = Math.max(ADDRESS_BASE_MAX / 2, ADDRESS_BASE_MAX - 1 - family.length());
    String firstPart = cut(first, firstMax);
    return firstPart + "." + cut(family, ADDRESS_BASE_MAX - 1 - firstPart.length());
  }

  /** The n-th holder of a base: the first has the bare base, the next ones a number from 2. */
  static String numbered(String base, int number) {
    return number == 1 ? base : base + number;
  }

  static String address(String addressBase, int number, String mailDomain) {
    return numbered(addressBase, number) + "@" + mailDomain;
  }

  /** Listing order and name search key: "dupont jean". */
  static String sortKey(String familyName, String firstName) {
    return NameFolding.fold(familyName) + " " + NameFolding.fold(firstName);
  }

  /** Second name search key, for people typing the first name first: "jean dupont". */
  static String firstKey(String familyName, String firstName) {
    return NameFolding.fold(firstName) + " " + NameFolding.fold(familyName);
  }

  /**
   * Prefixes to look for in the name keys. Names are folded without their inner spaces ("de La
   * Fontaine" is "delafontaine") and keys put one space between the two names, so each way of
   * splitting the words typed between the two names is a candidate: "de la fontaine j" gives
   * "delafontainej", "delafontaine j", "dela fontainej", "de lafontainej".
   */
  static List<String> namePrefixes(String query) {
    List<String> words = new ArrayList<>();
    for (String word : query.trim().split("\\s+")) {
      String folded = NameFolding.fold(word);
      if (!folded.isEmpty()) {
        words.add(folded);
      }
    }
    List<String> prefixes = new ArrayList<>();
    if (words.isEmpty()) {
      return prefixes;
    }
    prefixes.add(String.join("", words));
    for (int split = 1; split < words.size(); split++) {
      prefixes.add(
          String.join("", words.subList(0, split))
              + " "
              + String.join("", words.subList(split, words.size())));
    }
    return prefixes;
  }

  private static String cut(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max);
  }
}
