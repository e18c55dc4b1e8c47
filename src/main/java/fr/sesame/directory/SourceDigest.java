package fr.sesame.directory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;

/**
 * The digest of a row's HR fields that re-imports compare: the first 64 bits of the SHA-256 of the
 * fields in UTF-8, separated by U+0000. It is computed in a buffer reused row after row, without
 * building the joined text, since a million-row import would otherwise allocate half a gigabyte for
 * it.
 */
final class SourceDigest {

  private final MessageDigest sha;
  private byte[] buffer = new byte[512];
  private int length;

  SourceDigest() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  long of(StaffRow row) {
    length = 0;
    text(row.numen().value());
    separator();
    text(row.familyName());
    separator();
    text(row.firstName());
    separator();
    date(row.birthDate());
    separator();
    text(row.category().name());
    separator();
    text(row.departement());
    separator();
    text(row.uai() == null ? "" : row.uai());
    separator();
    text(row.schoolName() == null ? "" : row.schoolName());
    separator();
    text(Integer.toString(row.mailQuotaMb()));
    separator();
    text(row.language());
    sha.update(buffer, 0, length);
    byte[] digest = sha.digest();
    long first = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      first = first << 8 | (digest[i] & 0xFFL);
    }
    return first;
  }

  private void separator() {
    room(1);
    buffer[length++] = 0;
  }

  /** What {@link LocalDate#toString()} writes for the four-digit years birth dates have. */
  private void date(LocalDate date) {
    int year = date.getYear();
    if (year < 1000 || year > 9999) {
      text(date.toString());
      return;
    }
    room(10);
    digits(year, 4);
    buffer[length++] = '-';
    digits(date.getMonthValue(), 2);
    buffer[length++] = '-';
    digits(date.getDayOfMonth(), 2);
  }

  private void digits(int value, int count) {
    for (int i = count - 1; i >= 0; i--) {
      buffer[length + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += count;
  }

  private void text(String value) {
    room(value.length() * Utf8.MAX_BYTES_PER_CHAR);
    length = Utf8.write(value, buffer, length);
  }

  private void room(int more) {
    if (length + more > buffer.length) {
      buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
