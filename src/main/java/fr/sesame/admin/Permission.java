package fr.sesame.admin;

/** What an administration call does, as the role matrix grants it (README, "Administration"). */
enum Permission {
  /** Search people and read one (state, masked channels, sessions, history, recent events). */
  READ_STAFF,
  /** Add a person by hand (outside the HR import). */
  CREATE_STAFF,
  /** Block, unblock, and disable a password so that a new one must be chosen. */
  LOCK,
  /** Delete (softly) and restore within the retention period. */
  DELETE,
  /** End every session of a person. */
  REVOKE_SESSIONS,
  /** Hand out an assisted-reset code, resend the activation instructions. */
  ASSIST,
  /** Read the DSDEN contacts. */
  READ_CONTACTS,
  /** Change the DSDEN contacts. */
  EDIT_CONTACTS,
  /** Query and export the audit. */
  READ_AUDIT,
  /** Run and read HR imports. */
  IMPORT,
  /** Rotate the signing keys (planned or emergency). */
  ROTATE_KEYS,
  /** Give and take administrator roles. */
  MANAGE_ROLES
}
