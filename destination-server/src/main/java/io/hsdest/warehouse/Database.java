package io.hsdest.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One JDBC connection to the warehouse for one sync run, with auto-commit off: the caller commits each page with
 * its cursor. Blocking: used only on the destination's warehouse worker thread, never on an event loop.
 * Keeps the sync's cursors in the table {@code _hsdest_sync_state} of the same schema, so that data and cursor
 * are committed in the same transaction.
 */
final class Database implements AutoCloseable {
  static final String STATE_TABLE = "_hsdest_sync_state";
  private static final int MAX_PARAMETERS = 30_000;

  private final Connection connection;
  private final Dialect dialect;
  private final String schema;
  private long unconverted;

  private Database(Connection connection, Dialect dialect, String schema) {
    this.connection = connection;
    this.dialect = dialect;
    this.schema = schema;
  }

  /** Connects, creates the schema and the cursor table when missing. */
  static Database open(WarehouseSettings s) throws SQLException {
    Dialect dialect = Dialect.forUrl(s.jdbcUrl());
    Properties props = new Properties();
    if (s.user() != null) props.setProperty("user", s.user());
    if (s.password() != null) props.setProperty("password", s.password());
    if (s.isDuckDb()) {
      loadDriver("org.duckdb.DuckDBDriver");
      String file = s.jdbcUrl().substring("jdbc:duckdb:".length());
      if (!file.isEmpty() && !file.startsWith(":memory:")) {
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
          if (parent != null) Files.createDirectories(parent);
        } catch (java.io.IOException e) {
          throw new SQLException("cannot create the directory of the DuckDB file: " + e.getMessage(), e);
        }
      }
    } else {
      loadDriver("org.postgresql.Driver");
      props.setProperty("ApplicationName", "hubspot-destination warehouse");
    }
    Connection c = DriverManager.getConnection(s.jdbcUrl(), props);
    try {
      c.setAutoCommit(false);
      Database db = new Database(c, dialect, s.schema());
      db.execute(dialect.createSchema(s.schema()));
      db.execute(dialect.createTable(s.schema(), STATE_TABLE, List.of(Column.own("id", ColumnType.TEXT),
          Column.own("state", ColumnType.TEXT), Column.own("updated_at", ColumnType.TIMESTAMP))));
      c.commit();
      return db;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private static void loadDriver(String name) {
    try {
      Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("JDBC driver " + name + " is not on the class path", e);
    }
  }

  Dialect dialect() {
    return dialect;
  }

  /**
   * The table with at least these columns: created when missing (with {@code id} as its primary key), else the
   * missing columns added. Committed at once (DDL), before any data.
   */
  Table ensureTable(String name, List<Column> wanted) throws SQLException {
    Map<String, ColumnType> existing = columns(name);
    boolean created = existing.isEmpty();
    if (created) {
      execute(dialect.createTable(schema, name, wanted));
      for (Column c : wanted) existing.put(c.name(), c.type());
    } else {
      for (Column c : wanted) {
        if (!existing.containsKey(c.name())) {
          execute(dialect.addColumn(schema, name, c));
          existing.put(c.name(), c.type());
        }
      }
    }
    connection.commit();
    return new Table(schema, name, existing, created);
  }

  private Map<String, ColumnType> columns(String table) throws SQLException {
    Map<String, ColumnType> out = new LinkedHashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
            + " ORDER BY ordinal_position")) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.put(rs.getString(1), dialect.typeOf(rs.getString(2)));
      }
    }
    return out;
  }

  /**
   * Upserts rows (column name to value; {@code id} required). Only the columns a row carries are written, so a row
   * that only marks a record archived leaves its other columns alone. Values are converted to the columns' real
   * types; one that does not fit is written as null and counted ({@link #unconverted()}).
   */
  int upsert(Table table, List<Map<String, Object>> rows) throws SQLException {
    Map<Set<String>, List<Map<String, Object>>> byShape = new LinkedHashMap<>();
    for (Map<String, Object> row : dedupe(rows)) {
      Set<String> shape = new LinkedHashSet<>();
      shape.add("id");
      for (String c : row.keySet()) if (table.columns().containsKey(c)) shape.add(c);
      byShape.computeIfAbsent(shape, k -> new ArrayList<>()).add(row);
    }
    int written = 0;
    for (Map.Entry<Set<String>, List<Map<String, Object>>> e : byShape.entrySet()) {
      List<String> cols = List.copyOf(e.getKey());
      List<Map<String, Object>> shaped = e.getValue();
      // PostgreSQL takes at most 65,535 parameters per statement
      int perStatement = Math.max(1, Math.min(shaped.size(), MAX_PARAMETERS / cols.size()));
      for (int from = 0; from < shaped.size(); from += perStatement) {
        List<Map<String, Object>> chunk = shaped.subList(from, Math.min(shaped.size(), from + perStatement));
        try (PreparedStatement ps = connection.prepareStatement(dialect.upsert(schema, table.name(), cols, chunk.size()))) {
          int p = 1;
          for (Map<String, Object> row : chunk) {
            for (String c : cols) {
              ColumnType type = table.columns().get(c);
              dialect.bind(ps, p++, type, convert(type, row.get(c)));
            }
          }
          ps.executeUpdate();
          written += chunk.size();
        }
      }
    }
    return written;
  }

  /** The last row per id wins: one statement batch must not touch a row twice. */
  private static List<Map<String, Object>> dedupe(List<Map<String, Object>> rows) {
    Map<Object, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Map<String, Object> r : rows) {
      Object id = r.get("id");
      if (id == null) throw new IllegalArgumentException("a warehouse row needs an id");
      Map<String, Object> previous = byId.remove(id);
      if (previous != null) {
        Map<String, Object> merged = new LinkedHashMap<>(previous);
        merged.putAll(r);
        r = merged;
      }
      byId.put(id, r);
    }
    return new ArrayList<>(byId.values());
  }

  private Object convert(ColumnType type, Object raw) {
    try {
      return type.convert(raw);
    } catch (IllegalArgumentException e) {
      unconverted++;
      return null;
    }
  }

  /** Ids of the rows where {@code column} equals {@code value} and that are not archived. */
  List<String> liveIdsWhere(Table table, String column, String value) throws SQLException {
    List<String> ids = new ArrayList<>();
    String sql = "SELECT " + dialect.quote("id") + " FROM " + dialect.table(schema, table.name()) + " WHERE "
        + dialect.quote(column) + " = ? AND (" + dialect.quote("archived") + " IS NULL OR NOT "
        + dialect.quote("archived") + ")";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  /** Ids of the rows that are not archived. */
  List<String> liveIds(Table table) throws SQLException {
    List<String> ids = new ArrayList<>();
    String sql = "SELECT " + dialect.quote("id") + " FROM " + dialect.table(schema, table.name()) + " WHERE "
        + dialect.quote("archived") + " IS NULL OR NOT " + dialect.quote("archived");
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) ids.add(rs.getString(1));
    }
    return ids;
  }

  /** The collection's cursor as last committed, or null. */
  String state(String collection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT " + dialect.quote("state") + " FROM "
        + dialect.table(schema, STATE_TABLE) + " WHERE " + dialect.quote("id") + " = ?")) {
      ps.setString(1, collection);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Writes the cursor in the current transaction: it commits with the page it describes. */
  void saveState(String collection, String state) throws SQLException {
    Table t = new Table(schema, STATE_TABLE, Map.of("id", ColumnType.TEXT, "state", ColumnType.TEXT,
        "updated_at", ColumnType.TIMESTAMP), false);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", collection);
    row.put("state", state);
    row.put("updated_at", OffsetDateTime.now(ZoneOffset.UTC));
    upsert(t, List.of(row));
  }

  void commit() throws SQLException {
    connection.commit();
  }

  void rollback() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the connection is closed next; nothing was committed
    }
  }

  /** Values written as null because they did not fit their column's type, since this connection opened. */
  long unconverted() {
    return unconverted;
  }

  private void execute(String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    }
  }

  @Override
  public void close() {
    try {
      if (!connection.isClosed()) {
        connection.rollback();
        connection.close();
      }
    } catch (SQLException ignored) {
      // closing after a failure; the transaction is gone either way
    }
  }
}
