package fr.sesame.directory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Where an import stands, and what it did. */
public record ImportSummary(
    UUID id,
    String fileName,
    String mode,
    String departures,
    String status,
    String phase,
    int rowsRead,
    int created,
    int updated,
    int unchanged,
    int rejected,
    int missing,
    int departed,
    String failureCode,
    String failure,
    Instant startedAt,
    Instant finishedAt,
    List<RejectedRow> rejectedRows) {

  /** A refused row as the API shows it (the first hundred; the CSV report has them all). */
  public record RejectedRow(int line, String numen, String code, String reason) {}
}
