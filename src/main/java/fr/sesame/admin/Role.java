package fr.sesame.admin;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The administrator roles and what each may do. A DSDEN administrator's permissions apply to the
 * staff of its own département only; the others see the whole académie.
 */
public enum Role {
  ACADEMIE_ADMIN("academie-admin", EnumSet.allOf(Permission.class)),
  DSDEN_ADMIN(
      "dsden-admin",
      EnumSet.of(
          Permission.READ_STAFF,
          Permission.CREATE_STAFF,
          Permission.LOCK,
          Permission.DELETE,
          Permission.REVOKE_SESSIONS,
          Permission.ASSIST,
          Permission.READ_CONTACTS,
          Permission.EDIT_CONTACTS,
          Permission.READ_AUDIT)),
  SUPPORT(
      "support", EnumSet.of(Permission.READ_STAFF, Permission.ASSIST, Permission.READ_CONTACTS)),
  AUDITOR("auditor", EnumSet.of(Permission.READ_AUDIT));

  private final String wire;
  private final Set<Permission> permissions;

  Role(String wire, Set<Permission> permissions) {
    this.wire = wire;
    this.permissions = permissions;
  }

  /** The name in tokens, in the database and in the API. */
  public String wire() {
    return wire;
  }

  boolean may(Permission permission) {
    return permissions.contains(permission);
  }

  /** The role of a wire name, if it is one. */
  public static Optional<Role> of(String wire) {
    return Arrays.stream(values()).filter(role -> role.wire.equals(wire)).findFirst();
  }
}
