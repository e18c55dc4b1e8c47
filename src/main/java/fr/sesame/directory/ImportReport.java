package fr.sesame.directory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

/**
 * What an import did to each row (by line number) and to each person missing from a full extract.
 * Outcomes are kept in one byte per line, so a million-row report costs a megabyte.
 */
final class ImportReport {

  enum Outcome {
    PENDING("en attente"),
    CREATED("créé"),
    UPDATED("mis à jour"),
    UNCHANGED("inchangé"),
    REJECTED("rejeté");

    final String label;

    Outcome(String label) {
      this.label = label;
    }
  }

  /** A refused row: its line, masked NUMEN (empty when unreadable), code and reason. */
  record Rejection(int line, String maskedNumen, String code, String reason) {}

  /** Someone in the directory but not in a full extract; blocked or only reported. */
  record Missing(String maskedNumen, boolean blocked) {}

  private byte[] outcomes = new byte[1024];
  private long[] numens = new long[1024];
  private int maxLine;
  private int rowsRead;
  private int created;
  private int updated;
  private int unchanged;
  private final List<Rejection> rejections = new ArrayList<>();
  private final List<Missing> missing = new ArrayList<>();

  /** The report written ahead by {@link #seal}, or null. */
  private CompletableFuture<byte[]> sealed;

  void rowRead() {
    open();
    rowsRead++;
  }

  void pending(int line, Numen numen) {
    set(line, Outcome.PENDING);
    numens[line] = NumenIndex.pack(numen);
  }

  void reject(int line, String maskedNumen, String code, String reason) {
    set(line, Outcome.REJECTED);
    rejections.add(new Rejection(line, maskedNumen, code, reason));
  }

  /** Valid rows the comparison did not report as new or changed are unchanged. */
  void pendingAreUnchanged() {
    open();
    byte pending = (byte) (Outcome.PENDING.ordinal() + 1);
    for (int line = 0; line <= maxLine; line++) {
      if (outcomes[line] == pending) {
        outcomes[line] = (byte) (Outcome.UNCHANGED.ordinal() + 1);
        unchanged++;
      }
    }
  }

  void outcome(int line, Outcome outcome) {
    set(line, outcome);
    switch (outcome) {
      case CREATED -> created++;
      case UPDATED -> updated++;
      case UNCHANGED -> unchanged++;
      default -> throw new IllegalArgumentException(outcome.name());
    }
  }

  void missing(String maskedNumen, boolean blocked) {
    open();
    missing.add(new Missing(maskedNumen, blocked));
  }

  Outcome outcomeOf(int line) {
    if (line > maxLine) {
      return null;
    }
    int ordinal = outcomes[line];
    return ordinal == 0 ? null : Outcome.values()[ordinal - 1];
  }

  private void set(int line, Outcome outcome) {
    open();
    if (line >= outcomes.length) {
      int length = Math.max(line + 1, outcomes.length * 2);
      outcomes = Arrays.copyOf(outcomes, length);
      numens = Arrays.copyOf(numens, length);
    }
    outcomes[line] = (byte) (outcome.ordinal() + 1);
    maxLine = Math.max(maxLine, line);
  }

  int rowsRead() {
    return rowsRead;
  }

  int created() {
    return created;
  }

  int updated() {
    return updated;
  }

  int unchanged() {
    return unchanged;
  }

  int rejected() {
    return rejections.size();
  }

  int missingCount() {
    return missing.size();
  }

  int departed() {
    return (int) missing.stream().filter(Missing::blocked).count();
  }

  List<Rejection> rejections() {
    return rejections;
  }

  /**
   * The report as a gzipped CSV (UTF-8 with BOM and semicolons, so that spreadsheets open it as
   * is): one line per row of the file, in file order, then the people missing from a full extract.
   */
  byte[] toGzippedCsv() {
    return sealed != null ? sealed.join() : writeGzippedCsv();
  }

  /**
   * Says every outcome is final and starts writing the report on another thread: a first load knows
   * them all while PostgreSQL still rebuilds the indexes, a second or so in which the import's own
   * thread only waits. A change afterwards would be a bug, and fails.
   */
  void seal() {
    open();
    sealed = CompletableFuture.supplyAsync(this::writeGzippedCsv);
  }

  private void open() {
    if (sealed != null) {
      throw new IllegalStateException("the report is sealed");
    }
  }

  private byte[] writeGzippedCsv() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Writer out =
        new java.io.BufferedWriter(
            new OutputStreamWriter(new FastGzip(bytes), StandardCharsets.UTF_8), 1 << 16)) {
      out.write('\uFEFF');
      out.write("ligne;numen;resultat;code;motif\n");
      int next = 0;
      for (int line = 0; line <= maxLine; line++) {
        Outcome outcome = outcomeOf(line);
        if (outcome == null) {
          continue;
        }
        if (outcome == Outcome.REJECTED) {
          Rejection rejection = rejections.get(next++);
          out.write(
              rejection.line()
                  + ";"
                  + rejection.maskedNumen()
                  + ";"
                  + outcome.label
                  + ";"
                  + rejection.code()
                  + ";"
                  + quote(rejection.reason())
                  + "\n");
        } else {
          out.write(
              line
                  + ";"
                  + Numen.mask(NumenIndex.unpack(numens[line]))
                  + ";"
                  + outcome.label
                  + ";;\n");
        }
      }
      for (Missing person : missing) {
        out.write(
            ";"
                + person.maskedNumen()
                + ";"
                + (person.blocked() ? "départ (bloqué)" : "absent (conservé)")
                + ";"
                + (person.blocked() ? "depart-bloque" : "absent")
                + ";\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Gzip at the fastest level: a million-line report compresses well enough, four times faster. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(ByteArrayOutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(java.util.zip.Deflater.BEST_SPEED);
    }
  }

  private static String quote(String value) {
    return "\"" + value.replace("\"", "\"\"") + "\"";
  }
}
