package fr.sesame.directory;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command-line HR import: progress on standard error, the summary on standard output. */
@ApplicationScoped
public class ImportCommand {

  static final int OK = 0;
  static final int REFUSED = 2;
  static final int USAGE = 64;

  private final ImportService imports;

  ImportCommand(ImportService imports) {
    this.imports = imports;
  }

  public int run(String... args) {
    return run(List.of(args), System.out, System.err);
  }

  int run(List<String> args, PrintStream out, PrintStream err) {
    boolean full = false;
    boolean block = false;
    List<String> files = new ArrayList<>();
    for (String arg : args) {
      switch (arg) {
        case "--full" -> full = true;
        case "--block-departures" -> block = true;
        default -> files.add(arg);
      }
    }
    if (files.size() != 1 || (block && !full)) {
      err.println("Usage : import FICHIER.csv [--full [--block-departures]]");
      return USAGE;
    }
    Path file = Path.of(files.get(0));
    if (!Files.isReadable(file)) {
      err.println("Fichier illisible : " + file);
      return USAGE;
    }
    long start = System.nanoTime();
    try {
      ImportSummary summary =
          imports.importFile(
              file,
              new ImportService.Request(file.getFileName().toString(), full, block),
              (phase, rows) ->
                  err.printf(
                      "[import] %6.1f s  %-12s %,d lignes lues%n",
                      (System.nanoTime() - start) / 1e9, phase, rows));
      double seconds = (System.nanoTime() - start) / 1e9;
      out.printf(
          "Import %s terminé en %.1f s : %,d lignes lues, %,d créés, %,d mis à jour, %,d inchangés,"
              + " %,d rejetés, %,d absents, %,d départs bloqués.%n",
          summary.id(),
          seconds,
          summary.rowsRead(),
          summary.created(),
          summary.updated(),
          summary.unchanged(),
          summary.rejected(),
          summary.missing(),
          summary.departed());
      for (ImportSummary.RejectedRow row : summary.rejectedRows()) {
        out.printf("  ligne %d (%s) : %s%n", row.line(), row.numen(), row.reason());
      }
      return OK;
    } catch (ImportRefused refused) {
      err.println("Import refusé : " + refused.problem().detail());
      return REFUSED;
    }
  }
}
