package fr.sesame.directory;

import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HR extract on disk: its encoding (UTF-8, with or without BOM, or the Windows-1252 that
 * spreadsheets export), its separator (semicolon, comma or tab, read from the header) and which
 * column holds what. Rows are read in a stream, so a million-row file never sits in memory.
 */
final class HrExtract {

  /** The columns Sésame reads; the header names them in any case, with or without accents. */
  enum Column {
    NUMEN(true, "numen"),
    NOM(true, "nom", "nom_usage", "nom_famille", "nom_de_famille"),
    PRENOM(true, "prenom"),
    DATE_NAISSANCE(true, "date_naissance", "date_de_naissance", "naissance"),
    CATEGORIE(true, "categorie"),
    DEPARTEMENT(true, "departement", "dept"),
    UAI(false, "uai", "rne", "uai_affectation"),
    ETABLISSEMENT(false, "etablissement", "libelle_etablissement", "nom_etablissement"),
    QUOTA_MO(false, "quota_mo", "quota"),
    LANGUE(false, "langue", "lang");

    final boolean required;
    final List<String> names;

    Column(boolean required, String... names) {
      this.required = required;
      this.names = List.of(names);
    }
  }

  private static final int SNIFF_BYTES = 64 * 1024;
  private static final int MAX_FIELD_CHARS = 16 * 1024;

  private final Path file;
  private final Charset charset;
  private final char separator;
  private final Map<Column, Integer> columns;
  private final int width;

  private HrExtract(
      Path file, Charset charset, char separator, Map<Column, Integer> columns, int width) {
    this.file = file;
    this.charset = charset;
    this.separator = separator;
    this.columns = columns;
    this.width = width;
  }

  /** Reads the header, or refuses the file with a reason a person can act on. */
  static HrExtract open(Path file) {
    try {
      long size = Files.size(file);
      if (size == 0) {
        throw new ImportRefused("import-empty-file", "Le fichier est vide.");
      }
      byte[] head = readHead(file);
      for (byte b : head) {
        if (b == 0) {
          throw new ImportRefused(
              "import-not-csv",
              "Le fichier n'est pas un fichier texte CSV (il contient des octets nuls) : "
                  + "exportez l'extraction au format CSV.");
        }
      }
      Charset charset = isUtf8(file) ? StandardCharsets.UTF_8 : Charset.forName("windows-1252");
      String headerLine = firstLine(new String(head, charset));
      char separator = sniffSeparator(headerLine);
      List<String> header = parseHeader(file, charset, separator);
      Map<Column, Integer> columns = new EnumMap<>(Column.class);
      for (int i = 0; i < header.size(); i++) {
        String name = simplify(header.get(i));
        Column match = null;
        for (Column column : Column.values()) {
          if (column.names.contains(name)) {
            match = column;
          }
        }
        // Columns Sésame does not read are ignored: HR extracts carry many.
        if (match != null && columns.putIfAbsent(match, i) != null) {
          throw new ImportRefused(
              "import-duplicate-column",
              "La colonne « " + header.get(i).strip() + " » figure deux fois dans l'en-tête.");
        }
      }
      List<String> missing = new ArrayList<>();
      for (Column column : Column.values()) {
        if (column.required && !columns.containsKey(column)) {
          missing.add(column.names.get(0));
        }
      }
      if (!missing.isEmpty()) {
        throw new ImportRefused(
            "import-missing-columns",
            "L'en-tête de la première ligne ne contient pas les colonnes obligatoires : "
                + String.join(", ", missing)
                + ". Colonnes attendues : numen, nom, prenom, date_naissance, categorie,"
                + " departement (puis, facultatives : uai, etablissement, quota_mo, langue).");
      }
      return new HrExtract(file, charset, separator, columns, header.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A data row: its line number in the file (the header is line 1) and its raw fields. */
  final class Row {
    private final long line;
    private final CsvRecord record;

    private Row(long line, CsvRecord record) {
      this.line = line;
      this.record = record;
    }

    long line() {
      return line;
    }

    boolean hasExpectedWidth() {
      return record.getFieldCount() == width;
    }

    int width() {
      return record.getFieldCount();
    }

    String get(Column column) {
      Integer index = columns.get(column);
      if (index == null || index >= record.getFieldCount()) {
        return null;
      }
      return record.getField(index);
    }
  }

  /** Calls the consumer for every data row, in file order. */
  void forEachRow(RowConsumer consumer) {
    try (CsvReader<CsvRecord> reader = reader(file, charset, separator)) {
      Iterator<CsvRecord> records = reader.iterator();
      if (records.hasNext()) {
        records.next();
      }
      while (records.hasNext()) {
        CsvRecord record = records.next();
        if (record.getFieldCount() == 1 && record.getField(0).isBlank()) {
          continue;
        }
        consumer.accept(new Row(record.getStartingLineNumber(), record));
      }
    } catch (CsvParseException e) {
      throw new ImportRefused(
          "import-not-csv",
          "Le fichier n'est pas un CSV lisible : un champ entre guillemets n'est jamais refermé"
              + " ou une valeur dépasse "
              + MAX_FIELD_CHARS
              + " caractères.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FunctionalInterface
  interface RowConsumer {
    void accept(Row row);
  }

  /** Rows of any width (checked per row), no comments, the BOM skipped, bounded fields. */
  private static CsvReader<CsvRecord> reader(Path file, Charset charset, char separator)
      throws IOException {
    return CsvReader.builder()
        .fieldSeparator(separator)
        .commentStrategy(CommentStrategy.NONE)
        .skipEmptyLines(true)
        .allowExtraFields(true)
        .allowMissingFields(true)
        .detectBomHeader(true)
        .maxBufferSize(MAX_FIELD_CHARS * 4)
        .ofCsvRecord(file, charset);
  }

  private static List<String> parseHeader(Path file, Charset charset, char separator)
      throws IOException {
    try (CsvReader<CsvRecord> reader = reader(file, charset, separator)) {
      Iterator<CsvRecord> records = reader.iterator();
      if (!records.hasNext()) {
        throw new ImportRefused("import-empty-file", "Le fichier ne contient aucune ligne.");
      }
      return records.next().getFields();
    } catch (CsvParseException e) {
      throw new ImportRefused("import-not-csv", "La première ligne n'est pas un en-tête CSV.");
    }
  }

  private static byte[] readHead(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(SNIFF_BYTES);
    }
  }

  /** Strict UTF-8 check of the whole file; a single invalid sequence means Windows-1252. */
  private static boolean isUtf8(Path file) throws IOException {
    try (InputStream stream = Files.newInputStream(file)) {
      return Utf8.isValid(stream);
    }
  }

  private static String firstLine(String head) {
    int end = head.indexOf('\n');
    return end < 0 ? head : head.substring(0, end);
  }

  private static char sniffSeparator(String headerLine) {
    char best = ';';
    long bestCount = 0;
    for (char candidate : new char[] {';', ',', '\t', '|'}) {
      long count = headerLine.chars().filter(c -> c == candidate).count();
      if (count > bestCount) {
        best = candidate;
        bestCount = count;
      }
    }
    return best;
  }

  static String simplify(String header) {
    return Normalizer.normalize(header.strip(), Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .replace('\uFEFF', ' ')
        .strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[\\s\\-.']+", "_");
  }
}
