package fr.sesame.notify;

/** Where a message goes: an e-mail address or a mobile number. */
public enum Channel {
  EMAIL,
  SMS
}
