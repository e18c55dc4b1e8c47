package fr.sesame.admin;

import java.util.UUID;

/**
 * The administrator behind a call: who, with which role, and for a DSDEN administrator which
 * département. Read from the database at each call, never from the token alone.
 */
record Administrator(
    UUID staffId, Role role, String departement, String clientAddress, String userAgent) {

  /** True when this administrator may act on staff of {@code staffDepartement}. */
  boolean covers(String staffDepartement) {
    return departement == null || departement.equals(staffDepartement);
  }
}
