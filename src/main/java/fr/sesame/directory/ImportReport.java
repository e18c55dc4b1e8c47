package fr.sesame.directory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    try (FastGzip gzip = new FastGzip(bytes)) {
      Lines out = new Lines(gzip);
      out.text("\uFEFFligne;numen;resultat;code;motif\n");
      // What follows the NUMEN on the line of a row that was not refused, per outcome.
      String[] endings = new String[Outcome.values().length];
      for (Outcome outcome : Outcome.values()) {
        endings[outcome.ordinal()] = ";" + outcome.label + ";;\n";
      }
      int next = 0;
      for (int line = 0; line <= maxLine; line++) {
        Outcome outcome = outcomeOf(line);
        if (outcome == null) {
          continue;
        }
        if (outcome == Outcome.REJECTED) {
          Rejection rejection = rejections.get(next++);
          out.number(rejection.line())
              .text(";" + rejection.maskedNumen() + ";" + outcome.label + ";" + rejection.code())
              .text(";" + quote(rejection.reason()) + "\n");
        } else {
          out.number(line).text(";").maskedNumen(numens[line]).text(endings[outcome.ordinal()]);
        }
      }
      for (Missing person : missing) {
        out.text(
            ";"
                + person.maskedNumen()
                + ";"
                + (person.blocked() ? "départ (bloqué)" : "absent (conservé)")
                + ";"
                + (person.blocked() ? "depart-bloque" : "absent")
                + ";\n");
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The report's lines as UTF-8 in a reused buffer: a million of them through a character writer
   * took longer than compressing them.
   */
  private static final class Lines {
    private final java.io.OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int length;

    Lines(java.io.OutputStream out) {
      this.out = out;
    }

    Lines text(String value) throws IOException {
      int most = value.length() * Utf8.MAX_BYTES_PER_CHAR;
      if (length + most > buffer.length) {
        flush();
      }
      if (most > buffer.length) {
        out.write(value.getBytes(StandardCharsets.UTF_8));
        return this;
      }
      length = Utf8.write(value, buffer, length, false);
      return this;
    }

    Lines number(int value) throws IOException {
      return text(Integer.toString(value));
    }

    /** What {@link Numen#masked} shows, from the packed NUMEN. */
    Lines maskedNumen(long packed) throws IOException {
      if (length + Numen.LENGTH > buffer.length) {
        flush();
      }
      String numen = NumenIndex.unpack(packed);
      for (int i = 0; i < Numen.LENGTH; i++) {
        buffer[length++] = (byte) (i < 3 || i >= Numen.LENGTH - 3 ? numen.charAt(i) : '*');
      }
      return this;
    }

    void flush() throws IOException {
      out.write(buffer, 0, length);
      length = 0;
    }
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
