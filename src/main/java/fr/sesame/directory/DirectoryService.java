package fr.sesame.directory;

import fr.sesame.platform.Problem;
import fr.sesame.platform.ProblemException;
import fr.sesame.platform.Uuids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** The staff directory: single creations, reads and search. */
@ApplicationScoped
public class DirectoryService {

  static final int SEARCH_MIN_CHARS = 2;
  static final int PAGE_MAX = 100;
  private static final Pattern UAI = Pattern.compile("^[0-9]{7}[A-Za-z]$");
  private static final Pattern LOGIN_PREFIX = Pattern.compile("^[a-z]+[0-9]*$");
  private static final Pattern ADDRESS_PREFIX = Pattern.compile("^[a-z0-9.\\-]+(@[a-z0-9.\\-]*)?$");

  private static final String VIEW_COLUMNS =
      "s.id, s.numen, s.family_name, s.first_name, s.category, s.departement_code, s.uai,"
          + " sc.name, s.login, s.address, s.state, s.block_reason, s.mail_quota_mb, s.language,"
          + " s.created_at, s.updated_at, s.sort_key, s.blocked_until, s.deleted_at";

  private final DataSource dataSource;
  private final AcademieConfig academie;
  private final Clock clock;
  private final SecureRandom random;

  DirectoryService(
      DataSource dataSource, AcademieConfig academie, Clock clock, SecureRandom random) {
    this.dataSource = dataSource;
    this.academie = academie;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Creates one person, PENDING, with the next free login and address of their name. Waits for a
   * running import (they share the directory lock) so that an import never finds a NUMEN created
   * under its feet.
   */
  @Transactional
  public StaffView create(NewStaff body) {
    try (Connection connection = dataSource.getConnection()) {
      try (Statement lock = connection.createStatement()) {
        lock.execute("SELECT pg_advisory_xact_lock(" + HrImport.DIRECTORY_LOCK + ")");
      }
      StaffRow row;
      try {
        row =
            new StaffRules(Departements.known(connection), LocalDate.now(clock))
                .validate(
                    StaffRules.numen(body.numen()),
                    body.familyName(),
                    body.firstName(),
                    body.birthDate(),
                    body.category(),
                    body.departement(),
                    body.uai(),
                    body.schoolName(),
                    body.mailQuotaMb() == null ? null : body.mailQuotaMb().toString(),
                    body.language());
      } catch (RowRejected rejected) {
        throw new ProblemException(
            Problem.of(400, "invalid-staff", "Personne invalide", rejected.reason())
                .withViolations(
                    List.of(
                        new Problem.Violation(
                            rejected.field(), rejected.code(), rejected.reason()))));
      }
      if (exists(connection, row.numen())) {
        throw new ProblemException(
            409,
            "numen-exists",
            "Personne déjà connue",
            "Une personne de l'annuaire porte déjà ce NUMEN.");
      }
      if (row.uai() != null) {
        upsertSchool(connection, row);
      }
      int loginNumber =
          IdentifierAllocator.next(connection, IdentifierAllocator.Kind.LOGIN, row.loginBase());
      int addressNumber =
          IdentifierAllocator.next(connection, IdentifierAllocator.Kind.ADDRESS, row.addressBase());
      UUID id = Uuids.v7(clock, random);
      insert(
          connection,
          id,
          row,
          Identifiers.numbered(row.loginBase(), loginNumber),
          Identifiers.address(row.addressBase(), addressNumber, academie.mailDomain()));
      return find(connection, id).orElseThrow();
    } catch (SQLException e) {
      throw new IllegalStateException("creation failed", e);
    }
  }

  @Transactional
  public Optional<StaffView> find(UUID id) {
    try (Connection connection = dataSource.getConnection()) {
      return find(connection, id);
    } catch (SQLException e) {
      throw new IllegalStateException("read failed", e);
    }
  }

  private static final String ACCOUNT_COLUMNS =
      "SELECT id, state, login, address, first_name, family_name, category, departement_code,"
          + " language FROM staff WHERE ";

  /** The account with this id. */
  public Optional<AccountView> account(UUID id) {
    return account("id = ?", id);
  }

  /**
   * The account whose NUMEN and birth date are these (the knowledge factor of activation and
   * recovery). Both are compared in SQL, so neither leaves the database.
   */
  public Optional<AccountView> accountByNumen(Numen numen, LocalDate birthDate) {
    return account("numen = ? AND birth_date = ?", numen.value(), java.sql.Date.valueOf(birthDate));
  }

  /**
   * The account of a login or an académie address, any case, surrounding spaces ignored. A login
   * never holds an {@code @} (the schema checks it) and an address always does, so one unique index
   * answers: {@code login = ? OR address = ?} would combine bitmaps of both.
   */
  public Optional<AccountView> accountByLogin(String loginOrAddress) {
    String name =
        java.text.Normalizer.normalize(loginOrAddress.strip(), java.text.Normalizer.Form.NFKC)
            .toLowerCase(Locale.ROOT);
    // No login or address holds a control character; PostgreSQL would refuse a NUL in the query.
    if (name.isEmpty() || name.length() > 254 || name.chars().anyMatch(Character::isISOControl)) {
      return Optional.empty();
    }
    return account(name.indexOf('@') < 0 ? "login = ?" : "address = ?", name);
  }

  /**
   * Activates a PENDING account, with its history, in the caller's transaction. False when it was
   * not PENDING any more (a parallel activation won).
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean activate(UUID id, String actor) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE staff SET state = 'ACTIVE', updated_at = ? WHERE id = ? AND state = 'PENDING'");
        PreparedStatement history =
            connection.prepareStatement(
                "INSERT INTO account_state_change (staff_id, from_state, to_state, reason, actor,"
                    + " changed_at) VALUES (?, 'PENDING', 'ACTIVE', NULL, ?, ?)")) {
      Timestamp now = Timestamp.from(clock.instant());
      update.setTimestamp(1, now);
      update.setObject(2, id);
      if (update.executeUpdate() != 1) {
        return false;
      }
      history.setObject(1, id);
      history.setString(2, actor);
      history.setTimestamp(3, now);
      history.executeUpdate();
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException("activation not recorded", e);
    }
  }

  /**
   * The DSDEN service a person of {@code category} in {@code departement} should call: the one of
   * their category, or another service of their DSDEN when it has none for it.
   */
  public Optional<DsdenContactView> dsdenContact(String departement, String category) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT d.dsden_name, c.service, c.email, c.phone, c.hours FROM departement d"
                    + " JOIN dsden_contact c ON c.departement_code = d.code WHERE d.code = ?"
                    + " ORDER BY (c.category = ?) DESC, c.category LIMIT 1")) {
      select.setString(1, departement);
      select.setString(2, category);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next()
            ? Optional.of(
                new DsdenContactView(
                    rows.getString(1),
                    rows.getString(2),
                    rows.getString(3),
                    rows.getString(4),
                    rows.getString(5)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("contacts unreadable", e);
    }
  }

  private Optional<AccountView> account(String condition, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(ACCOUNT_COLUMNS + condition)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = select.executeQuery()) {
        return rows.next()
            ? Optional.of(
                new AccountView(
                    rows.getObject(1, UUID.class),
                    rows.getString(2),
                    rows.getString(3),
                    rows.getString(4),
                    rows.getString(5),
                    rows.getString(6),
                    rows.getString(7),
                    rows.getString(8),
                    rows.getString(9)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("account unreadable", e);
    }
  }

  /**
   * Finds people by name (family or first name first, accents and case ignored, any prefix of at
   * least two letters), login prefix, address prefix or exact UAI. Results are listed by name and
   * paged with a keyset cursor, so every page costs the same however deep it is.
   */
  public StaffSearchResult search(String query, String cursor, Integer limit) {
    return search(query, cursor, limit, null);
  }

  /**
   * The same search within one département when {@code departement} is set (a DSDEN administrator's
   * scope): people elsewhere are never read.
   */
  @Transactional
  public StaffSearchResult search(String query, String cursor, Integer limit, String departement) {
    String q = query == null ? "" : query.strip();
    int size = limit == null ? 20 : limit;
    if (size < 1 || size > PAGE_MAX) {
      throw new ProblemException(
          400,
          "invalid-limit",
          "Taille de page invalide",
          "La taille de page va de 1 à " + PAGE_MAX + ".");
    }
    Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor);
    List<Object> parameters = new ArrayList<>();
    // One ordered, limited index scan per way the query can match, merged afterwards: an OR of
    // the conditions would make PostgreSQL fetch and sort every match of a common prefix.
    List<String> branches = new ArrayList<>();
    for (Branch branch : branches(q)) {
      StringBuilder sub =
          new StringBuilder("(SELECT s.id, s.sort_key FROM staff s WHERE ")
              .append(branch.condition());
      parameters.add(branch.parameter());
      if (departement != null) {
        sub.append(" AND s.departement_code = ?");
        parameters.add(departement);
      }
      if (after != null) {
        sub.append(" AND (s.sort_key, s.id) > (?, ?)");
        parameters.add(after.sortKey());
        parameters.add(after.id());
      }
      sub.append(" ORDER BY s.sort_key, s.id LIMIT ?)");
      parameters.add(size + 1);
      branches.add(sub.toString());
    }
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(VIEW_COLUMNS)
            .append(" FROM (")
            .append(String.join(" UNION ", branches))
            .append(") m JOIN staff s ON s.id = m.id LEFT JOIN school sc ON sc.uai = s.uai")
            .append(" ORDER BY s.sort_key, s.id LIMIT ?");
    parameters.add(size + 1);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < parameters.size(); i++) {
        select.setObject(i + 1, parameters.get(i));
      }
      List<StaffView> items = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          items.add(view(rows));
          keys.add(rows.getString(17));
        }
      }
      if (items.size() <= size) {
        return new StaffSearchResult(items, null);
      }
      StaffView last = items.get(size - 1);
      return new StaffSearchResult(
          List.copyOf(items.subList(0, size)), new Cursor(keys.get(size - 1), last.id()).encode());
    } catch (SQLException e) {
      throw new IllegalStateException("search failed", e);
    }
  }

  /** One way a query can match: a condition on an indexed column and its one parameter. */
  private record Branch(String condition, String parameter) {}

  private static List<Branch> branches(String q) {
    String lower = q.toLowerCase(Locale.ROOT);
    if (UAI.matcher(q).matches()) {
      return List.of(new Branch("s.uai = ?", q.toUpperCase(Locale.ROOT)));
    }
    if (lower.indexOf('@') >= 0) {
      if (!ADDRESS_PREFIX.matcher(lower).matches()) {
        throw invalidQuery();
      }
      return List.of(new Branch("s.address LIKE ?", likePrefix(lower)));
    }
    List<String> prefixes = Identifiers.namePrefixes(q);
    if (prefixes.isEmpty() || prefixes.get(0).length() < SEARCH_MIN_CHARS) {
      throw new ProblemException(
          400,
          "search-too-short",
          "Recherche trop courte",
          "Saisissez au moins "
              + SEARCH_MIN_CHARS
              + " lettres d'un nom, un identifiant,"
              + " une adresse ou un UAI.");
    }
    List<Branch> branches = new ArrayList<>();
    branches.add(new Branch("s.sort_key LIKE ?", likePrefix(prefixes.get(0))));
    // Several words may be the two names in either order; a single word is a family name or a
    // login (a first name alone would list a twentieth of the académie).
    for (String prefix : prefixes.subList(1, prefixes.size())) {
      branches.add(new Branch("s.sort_key LIKE ?", likePrefix(prefix)));
      branches.add(new Branch("s.first_key LIKE ?", likePrefix(prefix)));
    }
    if (prefixes.size() > 1) {
      branches.add(new Branch("s.first_key LIKE ?", likePrefix(prefixes.get(0))));
    }
    if (LOGIN_PREFIX.matcher(lower).matches()) {
      branches.add(new Branch("s.login LIKE ?", likePrefix(lower)));
    } else if (ADDRESS_PREFIX.matcher(lower).matches() && lower.indexOf('.') > 0) {
      branches.add(new Branch("s.address LIKE ?", likePrefix(lower)));
    }
    return branches;
  }

  private static ProblemException invalidQuery() {
    return new ProblemException(
        400,
        "invalid-search",
        "Recherche invalide",
        "La recherche contient des caractères qui ne figurent dans aucun nom, identifiant ou"
            + " adresse.");
  }

  private static String likePrefix(String value) {
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private Optional<StaffView> find(Connection connection, UUID id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + VIEW_COLUMNS
                + " FROM staff s LEFT JOIN school sc ON sc.uai = s.uai WHERE s.id = ?")) {
      select.setObject(1, id);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(view(rows)) : Optional.empty();
      }
    }
  }

  private static StaffView view(ResultSet rows) throws SQLException {
    return new StaffView(
        rows.getObject(1, UUID.class),
        Numen.mask(rows.getString(2)),
        rows.getString(3),
        rows.getString(4),
        rows.getString(5),
        rows.getString(6),
        rows.getString(7),
        rows.getString(8),
        rows.getString(9),
        rows.getString(10),
        rows.getString(11),
        rows.getString(12),
        rows.getInt(13),
        rows.getString(14),
        rows.getTimestamp(15).toInstant(),
        rows.getTimestamp(16).toInstant(),
        instant(rows.getTimestamp(18)),
        instant(rows.getTimestamp(19)));
  }

  private static java.time.Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static boolean exists(Connection connection, Numen numen) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM staff WHERE numen = ?")) {
      select.setString(1, numen.value());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static void upsertSchool(Connection connection, StaffRow row) throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            """
            INSERT INTO school (uai, name, departement_code) VALUES (?, ?, ?)
            ON CONFLICT (uai) DO UPDATE SET name = excluded.name
             WHERE excluded.name <> excluded.uai AND school.name <> excluded.name
            """)) {
      upsert.setString(1, row.uai());
      upsert.setString(2, row.schoolName() == null ? row.uai() : row.schoolName());
      upsert.setString(3, row.departement());
      upsert.executeUpdate();
    }
  }

  private void insert(Connection connection, UUID id, StaffRow row, String login, String address)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            """
            INSERT INTO staff (id, numen, family_name, first_name, birth_date, category,
                               departement_code, uai, sort_key, first_key, source_hash, login,
                               address, state, mail_quota_mb, language, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)
            """)) {
      Timestamp now = Timestamp.from(clock.instant());
      insert.setObject(1, id);
      insert.setString(2, row.numen().value());
      insert.setString(3, row.familyName());
      insert.setString(4, row.firstName());
      insert.setObject(5, row.birthDate());
      insert.setString(6, row.category().name());
      insert.setString(7, row.departement());
      insert.setString(8, row.uai());
      insert.setString(9, row.sortKey());
      insert.setString(10, row.firstKey());
      insert.setLong(11, row.sourceHash());
      insert.setString(12, login);
      insert.setString(13, address);
      insert.setInt(14, row.mailQuotaMb());
      insert.setString(15, row.language());
      insert.setTimestamp(16, now);
      insert.setTimestamp(17, now);
      insert.executeUpdate();
    }
  }

  /** Position after the last row of a page: its sort key and id, opaque to clients. */
  record Cursor(String sortKey, UUID id) {

    String encode() {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((sortKey + "\n" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String value) {
      try {
        String decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
        int newline = decoded.lastIndexOf('\n');
        return new Cursor(
            decoded.substring(0, newline), UUID.fromString(decoded.substring(newline + 1)));
      } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
        throw new ProblemException(
            400, "invalid-cursor", "Curseur invalide", "Le curseur de page est invalide.");
      }
    }
  }
}
