package fr.sesame.directory;

import fr.sesame.platform.Uuids;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * One HR import, inside the caller's transaction: either all of it lands or none of it.
 *
 * <p>The work is set-based so that a million rows take seconds:
 *
 * <ol>
 *   <li>the directory's NUMENs and digests are read into memory, then the file once, to validate
 *       every row and classify it: unchanged when the directory holds its digest, changed when it
 *       holds another, new otherwise; the login and address bases of the new people are COPYed to a
 *       narrow table. An unchanged re-import stops there and never writes to the directory;
 *   <li>homonym numbers for the new people are reserved with one atomic upsert per kind, per base,
 *       in base order;
 *   <li>the file is read again and new people are COPYed straight into the directory with their
 *       login and address, numbered in file order; changed people go to a temporary table and are
 *       applied with one UPDATE.
 * </ol>
 *
 * <p>Imports take a transaction-scoped advisory lock, so two imports, or an import and a single
 * creation, run one after the other: what the first pass classified is still true when the second
 * pass writes. The reservations and the unique keys on staff back it.
 */
final class HrImport {

  /** Serialises imports and creations; the value spells nothing, it only has to be shared. */
  static final long DIRECTORY_LOCK = 0x5E5A_3E00_0000_0001L;

  enum Mode {
    /** Only the rows given are created or updated. */
    PARTIAL,
    /** The file is the whole directory: people missing from it are reported as departures. */
    FULL
  }

  enum Departures {
    KEEP,
    BLOCK
  }

  /**
   * @param bulkLoadMinRows below this many new people, index maintenance costs less than a rebuild
   */
  record Options(
      Mode mode,
      Departures departures,
      double maxDepartureRatio,
      int bulkLoadMinRows,
      String actor) {}

  /** Progress, reported as rows go by. */
  @FunctionalInterface
  interface Progress {
    void report(String phase, int rowsRead);
  }

  private static final String STAFF_COLUMNS =
      "id, numen, family_name, first_name, birth_date, category, departement_code, uai,"
          + " sort_key, first_key, source_hash, login, address, state, mail_quota_mb, language";

  private final Clock clock;
  private final SecureRandom random;
  private final String mailDomain;

  HrImport(Clock clock, SecureRandom random, String mailDomain) {
    this.clock = clock;
    this.random = random;
    this.mailDomain = mailDomain;
  }

  ImportReport run(Connection connection, HrExtract extract, Options options, Progress progress)
      throws SQLException {
    try (Statement setup = connection.createStatement()) {
      setup.execute("SELECT pg_advisory_xact_lock(" + DIRECTORY_LOCK + ")");
      // Joins and sorts of a million rows stay in memory instead of spilling to disk in batches.
      setup.execute("SET LOCAL work_mem = '256MB'");
      setup.execute("SET LOCAL maintenance_work_mem = '512MB'");
    }
    StaffRules rules = new StaffRules(Departements.known(connection), LocalDate.now(clock));
    ImportReport report = new ImportReport();

    createTempTables(connection);
    if (directoryIsEmpty(connection)) {
      firstLoad(connection, extract, rules, report, progress);
      return report;
    }
    progress.report("lecture", 0);
    NumenIndex seen = directory(connection);
    readKeys(connection, extract, rules, report, progress, seen);
    progress.report("comparaison", report.rowsRead());
    report.pendingAreUnchanged();

    Map<String, School> schools = new HashMap<>();
    if (report.created() > 0) {
      progress.report("numérotation", report.rowsRead());
      analyze(connection, "import_newcomer");
      boolean bulk = bulkLoad(connection, report, options);
      Counters numbers = reserveNumbers(connection, bulk);
      List<String> rebuild = bulk ? dropIndexes(connection, "staff", false) : List.of();
      progress.report("création", report.rowsRead());
      copyCreated(connection, extract, rules, report, numbers, schools, !rebuild.isEmpty());
      if (!rebuild.isEmpty()) {
        rebuildIndexes(connection, rebuild, progress, report.rowsRead());
      }
    }
    if (report.updated() > 0) {
      progress.report("mise à jour", report.rowsRead());
      copyUpdated(connection, extract, rules, report, schools);
      analyze(connection, "import_row");
      updateChanged(connection, report);
    }
    upsertSchools(connection, schools);
    if (options.mode() == Mode.FULL) {
      progress.report("départs", report.rowsRead());
      departures(connection, options, report, seen);
    }
    return report;
  }

  private static void createTempTables(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          """
          CREATE TEMP TABLE import_newcomer (
              login_base   text COLLATE "C" NOT NULL,
              address_base text COLLATE "C" NOT NULL
          ) ON COMMIT DROP
          """);
      statement.execute(
          """
          CREATE TEMP TABLE import_row (
              numen            char(13) COLLATE "C" NOT NULL,
              family_name      text    NOT NULL,
              first_name       text    NOT NULL,
              birth_date       date    NOT NULL,
              category         text    NOT NULL,
              departement_code text    NOT NULL,
              uai              char(8) COLLATE "C",
              mail_quota_mb    integer NOT NULL,
              language         text    NOT NULL,
              sort_key         text    COLLATE "C" NOT NULL,
              first_key        text    COLLATE "C" NOT NULL,
              source_hash      bigint  NOT NULL
          ) ON COMMIT DROP
          """);
    }
  }

  /** PGCOPY's signature, flags and header extension length. */
  private static final int BINARY_HEADER = 19;

  /** Field count, then length and value of the NUMEN and of the digest. */
  private static final int DIRECTORY_ROW = 2 + 4 + Numen.LENGTH + 4 + 8;

  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /**
   * Every person of the directory with the digest of their HR fields, read in one pass before the
   * file: the first pass then recognises an unchanged row by itself, and only new and changed rows
   * go to PostgreSQL. The directory lock keeps the directory as read here until the import ends.
   */
  private static NumenIndex directory(Connection connection) throws SQLException {
    long estimate =
        number(
            connection,
            "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'staff'::regclass");
    int expected = (int) Math.min(Integer.MAX_VALUE / 2, estimate);
    NumenIndex index = NumenIndex.withDirectory(expected);
    // Binary COPY: one fixed-layout message per person, read in place, without a row object.
    CopyOut copy =
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyOut("COPY (SELECT numen, source_hash FROM staff) TO STDOUT (FORMAT binary)");
    try {
      boolean first = true;
      byte[] row;
      while ((row = copy.readFromCopy()) != null) {
        int at = 0;
        if (first) {
          // The first message starts with the file header, the last is the trailer (-1).
          at = BINARY_HEADER;
          first = false;
        }
        int left = row.length - at;
        if (left == 0 || (left == 2 && row[at] == -1 && row[at + 1] == -1)) {
          continue;
        }
        if (left != DIRECTORY_ROW
            || (short) SHORT.get(row, at) != 2
            || (int) INT.get(row, at + 2) != Numen.LENGTH
            || (int) INT.get(row, at + 6 + Numen.LENGTH) != Long.BYTES) {
          throw new IllegalStateException("unexpected row in the directory's COPY");
        }
        // Every stored NUMEN was parsed by an import or checked by staff_numen_format: none is
        // refused here.
        if (!index.putDirectory(
            new String(row, at + 6, Numen.LENGTH, StandardCharsets.US_ASCII),
            (long) LONG.get(row, at + 10 + Numen.LENGTH))) {
          throw new IllegalStateException("the directory holds a value that is not a NUMEN");
        }
      }
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
    return index;
  }

  /**
   * First pass: validates every row and tells, from the directory {@code seen} already holds,
   * whether it is new, changed or unchanged (the pending rows are the unchanged ones); COPYs the
   * login and address bases of the new ones, for their homonym numbers.
   */
  private static void readKeys(
      Connection connection,
      HrExtract extract,
      StaffRules rules,
      ImportReport report,
      Progress progress,
      NumenIndex seen)
      throws SQLException {
    SourceDigest digest = new SourceDigest();
    try (CopyWriter copy =
        new CopyWriter(connection, "import_newcomer", "login_base, address_base")) {
      extract.forEachRow(
          row -> {
            int line = Math.toIntExact(row.line());
            report.rowRead();
            if (report.rowsRead() % 100_000 == 0) {
              progress.report("lecture", report.rowsRead());
            }
            StaffRow staff = firstSight(rules, report, seen, row, line);
            if (staff == null) {
              return;
            }
            report.pending(line, staff.numen());
            ImportReport.Outcome outcome = seen.compare(staff.numen(), digest.of(staff));
            if (outcome != ImportReport.Outcome.UNCHANGED) {
              report.outcome(line, outcome);
            }
            if (outcome == ImportReport.Outcome.CREATED) {
              String[] keys = staff.keys();
              copy.text(keys[0]).text(keys[1]).endRow();
            }
          });
      copy.finish();
    }
  }

  private static boolean directoryIsEmpty(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM staff)")) {
      rows.next();
      return rows.getBoolean(1);
    }
  }

  /**
   * The first import into an empty directory, in one pass: everyone valid is new, so there is
   * nothing to compare. Homonym numbers are counted in memory from the last numbers already handed
   * out (deleted people keep theirs), people are COPYed straight into the directory without its
   * secondary indexes, and the counters and indexes are written back at the end.
   */
  private void firstLoad(
      Connection connection,
      HrExtract extract,
      StaffRules rules,
      ImportReport report,
      Progress progress)
      throws SQLException {
    progress.report("lecture", 0);
    Counters counters = Counters.load(connection);
    List<String> rebuild = dropIndexes(connection, "staff", false);
    Map<String, School> schools = new HashMap<>();
    NumenIndex seen = new NumenIndex();
    SourceDigest digest = new SourceDigest();
    Uuids.Batch ids = new Uuids.Batch(clock, random);
    List<String> end = beginBulkLoad(connection);
    try (CopyWriter copy = copyStaff(connection, true)) {
      extract.forEachRow(
          row -> {
            int line = Math.toIntExact(row.line());
            report.rowRead();
            if (report.rowsRead() % 100_000 == 0) {
              progress.report("lecture", report.rowsRead());
            }
            StaffRow staff = firstSight(rules, report, seen, row, line);
            if (staff == null) {
              return;
            }
            report.pending(line, staff.numen());
            report.outcome(line, ImportReport.Outcome.CREATED);
            collectSchool(schools, staff);
            String[] keys = staff.keys();
            writeStaff(
                copy,
                ids,
                staff,
                keys,
                digest,
                counters.next(IdentifierAllocator.Kind.LOGIN, keys[0]),
                counters.next(IdentifierAllocator.Kind.ADDRESS, keys[1]),
                null);
          });
      copy.finish();
    }
    endBulkLoad(connection, end);
    report.seal();
    // Each its own phase: the command line prints how long each took.
    progress.report("numérotation", report.rowsRead());
    counters.save(connection);
    rebuildIndexes(connection, rebuild, progress, report.rowsRead());
    upsertSchools(connection, schools);
  }

  /**
   * Validates a row seen for the first time in this file; records and returns null for a duplicate
   * NUMEN or an invalid row.
   */
  private static StaffRow firstSight(
      StaffRules rules, ImportReport report, NumenIndex seen, HrExtract.Row row, int line) {
    Numen numen = Numen.parse(row.get(HrExtract.Column.NUMEN)).orElse(null);
    if (numen != null) {
      int firstLine = seen.putIfAbsent(numen, line);
      if (firstLine != 0) {
        report.reject(
            line,
            numen.masked(),
            "numen-en-double",
            "NUMEN déjà présent ligne " + firstLine + " : seule la première ligne compte.");
        return null;
      }
    }
    try {
      if (!row.hasExpectedWidth()) {
        throw new RowRejected(
            "", "colonnes", "Nombre de colonnes inattendu : " + row.width() + ".");
      }
      return toStaffRow(rules, row, numen);
    } catch (RowRejected rejected) {
      // A refused row whose NUMEN is valid stays in seen: the person is in the extract all the
      // same, and a full import must not take them for a departure.
      report.reject(line, numen == null ? "" : numen.masked(), rejected.code(), rejected.reason());
      return null;
    }
  }

  /**
   * Last homonym number per base, handed out in file order: all of them during a first load (and
   * written back), or those of the bases an import reserved numbers for.
   */
  static final class Counters {
    private final BaseCounters logins = new BaseCounters();
    private final BaseCounters addresses = new BaseCounters();

    static Counters load(Connection connection) throws SQLException {
      Counters counters = new Counters();
      try (Statement statement = connection.createStatement()) {
        statement.setFetchSize(50_000);
        try (ResultSet rows =
            statement.executeQuery("SELECT kind, base, last_number FROM identifier_sequence")) {
          while (rows.next()) {
            counters
                .of(IdentifierAllocator.Kind.valueOf(rows.getString(1)))
                .put(rows.getString(2), rows.getInt(3), BaseCounters.UNTOUCHED);
          }
        }
      }
      return counters;
    }

    private BaseCounters of(IdentifierAllocator.Kind kind) {
      return kind == IdentifierAllocator.Kind.LOGIN ? logins : addresses;
    }

    /** The next numbers of a base continue after {@code last}. */
    void continueAfter(IdentifierAllocator.Kind kind, String base, int last) {
      of(kind).put(base, last, BaseCounters.TOUCHED);
    }

    /** The next number of a base. */
    int next(IdentifierAllocator.Kind kind, String base) {
      return of(kind).next(base);
    }

    /**
     * Writes the counters back: new bases COPYed straight into the table while its primary key is
     * down (rebuilt afterwards, which also checks it), the few known ones touched by UPDATE.
     *
     * <p>Into an empty table, the usual first load, there are none to touch: that pass, a walk over
     * every counter, is skipped. Walking them twice also made the JIT compile the loop for the
     * first walk, which writes nothing, then throw that away and compile it again for the second:
     * about 1.5 s of a compiler thread on one of the two cores, while the COPY runs.
     */
    void save(Connection connection) throws SQLException {
      if (logins.touched() + addresses.touched() > 0) {
        update(connection);
      }
      List<String> rebuild = dropIndexes(connection, "identifier_sequence", true);
      copy(connection, "identifier_sequence", BaseCounters.NEW);
      rebuildIndexes(connection, rebuild);
    }

    private void update(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TEMP TABLE import_counter (kind text, base text COLLATE \"C\","
                + " last_number integer) ON COMMIT DROP");
      }
      copy(connection, "import_counter", BaseCounters.TOUCHED);
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            """
            UPDATE identifier_sequence s SET last_number = c.last_number
              FROM import_counter c WHERE s.kind = c.kind AND s.base = c.base
            """);
      }
    }

    private void copy(Connection connection, String table, int state) throws SQLException {
      try (CopyWriter copy = new CopyWriter(connection, table, "kind, base, last_number")) {
        for (IdentifierAllocator.Kind kind : IdentifierAllocator.Kind.values()) {
          of(kind)
              .forEach(
                  state, (base, last) -> copy.text(kind.name()).text(base).int4(last).endRow());
        }
        copy.finish();
      }
    }
  }

  /**
   * One new person as a COPY row of staff, PENDING, with their numbered identifiers; {@code now} is
   * their creation time, or null when a column default gives it.
   */
  private void writeStaff(
      CopyWriter copy,
      Uuids.Batch ids,
      StaffRow staff,
      String[] keys,
      SourceDigest digest,
      int login,
      int address,
      Instant now) {
    hrFields(copy.uuid(ids.next()), staff)
        .text(keys[2])
        .text(keys[3])
        .int8(digest.of(staff))
        .text(Identifiers.numbered(keys[0], login))
        .text(Identifiers.address(keys[1], address, mailDomain))
        .text("PENDING")
        .int4(staff.mailQuotaMb())
        .text(staff.language());
    if (now != null) {
      copy.timestamp(now).timestamp(now);
    }
    copy.endRow();
  }

  /** The fields of a row that come from the HR extract, in the order both COPYs take them. */
  private static CopyWriter hrFields(CopyWriter copy, StaffRow staff) {
    return copy.text(staff.numen().value())
        .text(staff.familyName())
        .text(staff.firstName())
        .date(staff.birthDate())
        .text(staff.category().name())
        .text(staff.departement())
        .text(staff.uai());
  }

  /** Validates a row; {@code numen} is its NUMEN when already parsed, or null. */
  private static StaffRow toStaffRow(StaffRules rules, HrExtract.Row row, Numen numen) {
    return rules.validate(
        numen != null ? numen : StaffRules.numen(row.get(HrExtract.Column.NUMEN)),
        row.get(HrExtract.Column.NOM),
        row.get(HrExtract.Column.PRENOM),
        row.get(HrExtract.Column.DATE_NAISSANCE),
        row.get(HrExtract.Column.CATEGORIE),
        row.get(HrExtract.Column.DEPARTEMENT),
        row.get(HrExtract.Column.UAI),
        row.get(HrExtract.Column.ETABLISSEMENT),
        row.get(HrExtract.Column.QUOTA_MO),
        row.get(HrExtract.Column.LANGUE));
  }

  /** The one number a query answers. */
  private static long number(Connection connection, String query) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void analyze(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("ANALYZE " + table);
    }
  }

  /**
   * The next homonym number of each login and address base of the new people: each base's last
   * number grows by its number of new people, who then take the numbers after the previous last
   * one, in file order. Existing bases are updated and new ones inserted in key order (an append to
   * the index on a first import); no other transaction writes these rows meanwhile, since single
   * creations wait for the directory lock too.
   */
  private static Counters reserveNumbers(Connection connection, boolean bulk) throws SQLException {
    Counters numbers = new Counters();
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          """
          CREATE TEMP TABLE import_base ON COMMIT DROP AS
          SELECT 'LOGIN'::text AS kind, login_base AS base, count(*)::integer AS n
            FROM import_newcomer GROUP BY login_base
          UNION ALL
          SELECT 'ADDRESS', address_base, count(*)::integer FROM import_newcomer GROUP BY address_base
          """);
      // Bases already known continue after their last number...
      statement.setFetchSize(50_000);
      try (ResultSet rows =
          statement.executeQuery(
              """
              UPDATE identifier_sequence s SET last_number = s.last_number + b.n
                FROM import_base b WHERE s.kind = b.kind AND s.base = b.base
              RETURNING s.kind = 'LOGIN', s.base, s.last_number - b.n
              """)) {
        while (rows.next()) {
          numbers.continueAfter(
              rows.getBoolean(1)
                  ? IdentifierAllocator.Kind.LOGIN
                  : IdentifierAllocator.Kind.ADDRESS,
              rows.getString(2),
              rows.getInt(3));
        }
      }
      // ...and new ones start at 1, which is what Counters assumes for a base it was not told of.
      List<String> rebuild =
          bulk ? dropIndexes(connection, "identifier_sequence", true) : List.of();
      statement.execute(
          """
          INSERT INTO identifier_sequence (kind, base, last_number)
          SELECT b.kind, b.base, b.n FROM import_base b
           WHERE NOT EXISTS (
                 SELECT 1 FROM identifier_sequence s WHERE s.kind = b.kind AND s.base = b.base)
           ORDER BY b.base, b.kind
          """);
      rebuildIndexes(connection, rebuild);
    }
    return numbers;
  }

  /** A school named by the rows; the last row that names it wins. */
  record School(String uai, String name, String departement) {}

  private static void collectSchool(Map<String, School> schools, StaffRow staff) {
    if (staff.uai() == null) {
      return;
    }
    School known = schools.get(staff.uai());
    if (known != null
        && staff.departement().equals(known.departement())
        && (staff.schoolName() == null || staff.schoolName().equals(known.name()))) {
      return;
    }
    if (known == null || staff.schoolName() != null) {
      schools.put(
          staff.uai(),
          new School(
              staff.uai(),
              staff.schoolName() != null ? staff.schoolName() : known == null ? null : known.name(),
              staff.departement()));
    }
  }

  /**
   * Reads the file again and hands every row the first pass classified with {@code outcome} to the
   * consumer, validated, with its derived keys; collects the schools the rows name.
   */
  private static void forEachWith(
      ImportReport.Outcome outcome,
      HrExtract extract,
      StaffRules rules,
      ImportReport report,
      Map<String, School> schools,
      java.util.function.BiConsumer<StaffRow, String[]> consumer) {
    extract.forEachRow(
        row -> {
          if (report.outcomeOf(Math.toIntExact(row.line())) == outcome) {
            StaffRow staff = toStaffRow(rules, row, null);
            collectSchool(schools, staff);
            consumer.accept(staff, staff.keys());
          }
        });
  }

  /** Second pass for the new people: COPYed into the directory with their identifiers. */
  private void copyCreated(
      Connection connection,
      HrExtract extract,
      StaffRules rules,
      ImportReport report,
      Counters numbers,
      Map<String, School> schools,
      boolean locked)
      throws SQLException {
    Instant now = locked ? null : clock.instant();
    List<String> end = locked ? beginBulkLoad(connection) : List.of();
    SourceDigest digest = new SourceDigest();
    Uuids.Batch ids = new Uuids.Batch(clock, random);
    try (CopyWriter copy = copyStaff(connection, locked)) {
      forEachWith(
          ImportReport.Outcome.CREATED,
          extract,
          rules,
          report,
          schools,
          (staff, keys) -> {
            writeStaff(
                copy,
                ids,
                staff,
                keys,
                digest,
                numbers.next(IdentifierAllocator.Kind.LOGIN, keys[0]),
                numbers.next(IdentifierAllocator.Kind.ADDRESS, keys[1]),
                now);
          });
      long copied = copy.finish();
      if (copied != report.created()) {
        throw new IllegalStateException(
            "created " + copied + " rows, expected " + report.created());
      }
    }
    endBulkLoad(connection, end);
  }

  /** COPY of new people, with their creation time unless a column default gives it. */
  private static CopyWriter copyStaff(Connection connection, boolean stampedByDefault)
      throws SQLException {
    return new CopyWriter(
        connection, "staff", STAFF_COLUMNS + (stampedByDefault ? "" : ", created_at, updated_at"));
  }

  /**
   * The CHECK constraints that only restate what the import has verified of every row it writes:
   * the NUMEN's shape (a {@link Numen} exists only parsed), the login's (made by {@link
   * Identifiers} from folded letters and a number), and the names, category, language and quota
   * {@link StaffRules} accepted; every new person starts PENDING. Evaluating them costs PostgreSQL
   * a third of a bulk load's COPY (1.4 of 4.6 s for a million rows), their two regular expressions
   * most of it. The checks across columns, on the states new people are never in, stay.
   */
  private static final List<String> CHECKED_BY_THE_IMPORT =
      List.of(
          "staff_login_format",
          "staff_numen_format",
          "staff_family_name_not_blank",
          "staff_first_name_not_blank",
          "staff_category_known",
          "staff_state_known",
          "staff_language_known",
          "staff_mail_quota_positive");

  /**
   * Prepares the directory, locked already during a bulk load (its indexes are down), for the
   * load's COPY; returns the DDL that {@link #endBulkLoad} runs before commit.
   *
   * <p>The creation time, the same for everyone, comes from a column default set for the load
   * instead of being sent and parsed twice a row: parsing timestamps is a fifth of what the COPY
   * costs PostgreSQL. The default is the import's clock, not the database's.
   *
   * <p>The checks the import has applied to every row itself are taken down and come back NOT
   * VALID: PostgreSQL enforces them again on every later insert and update, without evaluating them
   * a second time on the rows this load wrote.
   */
  private List<String> beginBulkLoad(Connection connection) throws SQLException {
    String now = "'" + clock.instant() + "'::timestamptz";
    List<String> end = new ArrayList<>();
    end.add(
        "ALTER TABLE staff ALTER COLUMN created_at DROP DEFAULT,"
            + " ALTER COLUMN updated_at DROP DEFAULT");
    List<String> drop = new ArrayList<>();
    try (PreparedStatement checks =
        connection.prepareStatement(
            """
            SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint
             WHERE conrelid = 'staff'::regclass AND contype = 'c' AND conname = ANY (?)
             ORDER BY conname
            """)) {
      checks.setArray(1, connection.createArrayOf("text", CHECKED_BY_THE_IMPORT.toArray()));
      try (ResultSet rows = checks.executeQuery()) {
        while (rows.next()) {
          String definition = rows.getString(2);
          drop.add(" DROP CONSTRAINT " + rows.getString(1));
          end.add(
              "ALTER TABLE staff ADD CONSTRAINT "
                  + rows.getString(1)
                  + " "
                  + (definition.endsWith(" NOT VALID") ? definition : definition + " NOT VALID"));
        }
      }
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "ALTER TABLE staff ALTER COLUMN created_at SET DEFAULT "
              + now
              + ", ALTER COLUMN updated_at SET DEFAULT "
              + now
              + (drop.isEmpty() ? "" : "," + String.join(",", drop)));
    }
    return end;
  }

  /** Removes the load's column defaults and puts its suspended checks back. */
  private static void endBulkLoad(Connection connection, List<String> end) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : end) {
        statement.execute(ddl);
      }
    }
  }

  /** Second pass for the changed people: their new content, applied by one UPDATE. */
  private static void copyUpdated(
      Connection connection,
      HrExtract extract,
      StaffRules rules,
      ImportReport report,
      Map<String, School> schools)
      throws SQLException {
    SourceDigest digest = new SourceDigest();
    try (CopyWriter copy =
        new CopyWriter(
            connection,
            "import_row",
            "numen, family_name, first_name, birth_date, category, departement_code, uai,"
                + " mail_quota_mb, language, sort_key, first_key, source_hash")) {
      forEachWith(
          ImportReport.Outcome.UPDATED,
          extract,
          rules,
          report,
          schools,
          (staff, keys) ->
              hrFields(copy, staff)
                  .int4(staff.mailQuotaMb())
                  .text(staff.language())
                  .text(keys[2])
                  .text(keys[3])
                  .int8(digest.of(staff))
                  .endRow());
      copy.finish();
    }
  }

  /** Schools named by new or changed rows; a row without a school name never erases one. */
  private static void upsertSchools(Connection connection, Map<String, School> schools)
      throws SQLException {
    if (schools.isEmpty()) {
      return;
    }
    List<String> uais = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> departements = new ArrayList<>();
    for (School school : schools.values()) {
      uais.add(school.uai());
      names.add(school.name());
      departements.add(school.departement());
    }
    try (PreparedStatement upsert =
        connection.prepareStatement(
            """
            INSERT INTO school (uai, name, departement_code)
            SELECT u, coalesce(n, u), d FROM unnest(?::text[], ?::text[], ?::text[]) AS t (u, n, d)
            ON CONFLICT (uai) DO UPDATE
               SET name = CASE WHEN excluded.name = excluded.uai THEN school.name ELSE excluded.name END,
                   departement_code = excluded.departement_code
             WHERE (school.name, school.departement_code)
                   IS DISTINCT FROM (excluded.name, excluded.departement_code)
               AND excluded.name <> excluded.uai
            """)) {
      upsert.setArray(1, connection.createArrayOf("text", uais.toArray()));
      upsert.setArray(2, connection.createArrayOf("text", names.toArray()));
      upsert.setArray(3, connection.createArrayOf("text", departements.toArray()));
      upsert.executeUpdate();
    }
  }

  /** Changed HR data; logins and addresses are never renamed, and the state is not touched. */
  private void updateChanged(Connection connection, ImportReport report) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            """
            UPDATE staff s
               SET family_name = r.family_name, first_name = r.first_name,
                   birth_date = r.birth_date, category = r.category,
                   departement_code = r.departement_code, uai = r.uai,
                   sort_key = r.sort_key, first_key = r.first_key,
                   mail_quota_mb = r.mail_quota_mb, language = r.language,
                   source_hash = r.source_hash, updated_at = ?
              FROM import_row r
             WHERE s.numen = r.numen AND s.source_hash <> r.source_hash
            """)) {
      update.setTimestamp(1, Timestamp.from(clock.instant()));
      int updated = update.executeUpdate();
      if (updated != report.updated()) {
        throw new IllegalStateException(
            "updated " + updated + " rows, expected " + report.updated());
      }
    }
  }

  /**
   * A load that at least doubles the directory (the first import above all) is faster without the
   * secondary indexes: inserting a million rows into six B-trees in random key order costs several
   * times more than sorting once per index afterwards. The indexes and unique constraints are
   * rebuilt from their own definitions before commit, so the uniqueness of NUMENs, logins and
   * addresses is still checked; the table is locked until then.
   */
  private static boolean bulkLoad(Connection connection, ImportReport report, Options options)
      throws SQLException {
    if (report.created() < options.bulkLoadMinRows()) {
      return false;
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM staff")) {
      rows.next();
      return report.created() >= rows.getLong(1);
    }
  }

  /**
   * Drops the unique constraints and indexes of a table (its primary key too when asked) and
   * returns the DDL that rebuilds them, read from the catalogue so it never drifts from the
   * migrations. Partial indexes stay: they cover the few blocked or deleted people, never the new
   * ones, so keeping them costs the load nothing while rebuilding each would scan the whole table.
   */
  private static List<String> dropIndexes(Connection connection, String table, boolean primaryToo)
      throws SQLException {
    List<String> drop = new ArrayList<>();
    List<String> rebuild = new ArrayList<>();
    try (PreparedStatement constraints =
            connection.prepareStatement(
                """
                SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint
                 WHERE conrelid = ?::regclass AND (contype = 'u' OR (contype = 'p' AND ?))
                 ORDER BY conname
                """);
        PreparedStatement indexes =
            connection.prepareStatement(
                """
                SELECT quote_ident(i.relname), pg_get_indexdef(i.oid)
                  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                 WHERE x.indrelid = ?::regclass
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
                   AND x.indpred IS NULL
                 ORDER BY i.relname
                """)) {
      constraints.setString(1, table);
      constraints.setBoolean(2, primaryToo);
      try (ResultSet rows = constraints.executeQuery()) {
        while (rows.next()) {
          drop.add("ALTER TABLE " + table + " DROP CONSTRAINT " + rows.getString(1));
          rebuild.add(
              "ALTER TABLE "
                  + table
                  + " ADD CONSTRAINT "
                  + rows.getString(1)
                  + " "
                  + rows.getString(2));
        }
      }
      indexes.setString(1, table);
      try (ResultSet rows = indexes.executeQuery()) {
        while (rows.next()) {
          drop.add("DROP INDEX " + rows.getString(1));
          rebuild.add(rows.getString(2));
        }
      }
    }
    try (Statement statement = connection.createStatement()) {
      for (String ddl : drop) {
        statement.execute(ddl);
      }
    }
    return rebuild;
  }

  /** Rebuilds the directory's indexes one by one, each its own phase ("index 2/6"). */
  private static void rebuildIndexes(
      Connection connection, List<String> rebuild, Progress progress, int rowsRead)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (int i = 0; i < rebuild.size(); i++) {
        progress.report("index " + (i + 1) + "/" + rebuild.size(), rowsRead);
        statement.execute(rebuild.get(i));
      }
    }
  }

  private static void rebuildIndexes(Connection connection, List<String> rebuild)
      throws SQLException {
    rebuildIndexes(connection, rebuild, (phase, rows) -> {}, 0);
  }

  /** The people of the directory whose NUMEN no line of the full extract had. */
  private void departures(
      Connection connection, Options options, ImportReport report, NumenIndex seen)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TEMP TABLE import_absent (numen char(13) COLLATE \"C\" NOT NULL) ON COMMIT DROP");
    }
    try (CopyWriter copy = new CopyWriter(connection, "import_absent", "numen")) {
      seen.forEachAbsent(numen -> copy.text(NumenIndex.unpack(numen)).endRow());
      copy.finish();
    }
    analyze(connection, "import_absent");
    List<UUID> toBlock = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      statement.setFetchSize(10_000);
      try (ResultSet rows =
          statement.executeQuery(
              """
              SELECT s.id, s.numen, s.state FROM staff s JOIN import_absent a ON a.numen = s.numen
               WHERE s.state <> 'DELETED'
               ORDER BY s.sort_key, s.id
              """)) {
        while (rows.next()) {
          String state = rows.getString(3);
          boolean blocks =
              options.departures() == Departures.BLOCK
                  && ("PENDING".equals(state) || "ACTIVE".equals(state));
          report.missing(Numen.mask(rows.getString(2)), blocks);
          if (blocks) {
            toBlock.add(rows.getObject(1, UUID.class));
          }
        }
      }
    }
    if (toBlock.isEmpty()) {
      return;
    }
    long open =
        number(connection, "SELECT count(*) FROM staff WHERE state IN ('PENDING', 'ACTIVE')");
    if (toBlock.size() > options.maxDepartureRatio() * open) {
      throw new ImportRefused(
          "import-too-many-departures",
          String.format(
              java.util.Locale.FRANCE,
              "L'extraction ne contient pas %d des %d comptes ouverts (plus de %.0f %%) : elle est"
                  + " sans doute incomplète. Rien n'a été modifié ; vérifiez le fichier ou relancez"
                  + " sans bloquer les départs.",
              toBlock.size(),
              open,
              options.maxDepartureRatio() * 100));
    }
    try (PreparedStatement block =
        connection.prepareStatement(
            """
            WITH gone AS (
                SELECT id, state FROM staff
                 WHERE id = ANY (?) AND state IN ('PENDING', 'ACTIVE') FOR UPDATE
            ), blocked AS (
                UPDATE staff s SET state = 'BLOCKED', block_reason = 'DEPARTURE', updated_at = ?
                  FROM gone WHERE s.id = gone.id RETURNING s.id
            )
            INSERT INTO account_state_change (staff_id, from_state, to_state, reason, actor, changed_at)
            SELECT gone.id, gone.state, 'BLOCKED', 'DEPARTURE', ?, ? FROM gone
            """)) {
      Timestamp now = Timestamp.from(clock.instant());
      block.setArray(1, connection.createArrayOf("uuid", toBlock.toArray()));
      block.setTimestamp(2, now);
      block.setString(3, options.actor());
      block.setTimestamp(4, now);
      block.executeUpdate();
    }
  }
}
