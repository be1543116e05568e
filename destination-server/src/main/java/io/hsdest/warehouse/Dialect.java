package io.hsdest.warehouse;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * What differs between the databases the warehouse writes to, kept small: column types, identifier rules and
 * value binding. The SQL itself (CREATE ... IF NOT EXISTS, ALTER TABLE ... ADD COLUMN IF NOT EXISTS, INSERT ... ON
 * CONFLICT (id) DO UPDATE SET c = EXCLUDED.c) is the same for DuckDB and PostgreSQL, so it lives here once.
 */
abstract class Dialect {
  /** PostgreSQL cuts identifiers at 63 bytes; both databases get the same names so their tables look alike. */
  static final int MAX_IDENTIFIER = 63;

  static Dialect forUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:duckdb:")) return new DuckDb();
    if (jdbcUrl.startsWith("jdbc:postgresql:")) return new Postgres();
    throw new IllegalArgumentException("the warehouse writes to jdbc:duckdb: or jdbc:postgresql: URLs only");
  }

  abstract String name();

  abstract String sqlType(ColumnType type);

  /** A column type read back from {@code information_schema.columns.data_type}. */
  ColumnType typeOf(String dataType) {
    String t = dataType.toUpperCase(Locale.ROOT);
    if (t.startsWith("TIMESTAMP")) return ColumnType.TIMESTAMP;
    if (t.equals("DATE")) return ColumnType.DATE;
    if (t.startsWith("BOOL")) return ColumnType.BOOLEAN;
    if (t.startsWith("NUMERIC") || t.startsWith("DECIMAL") || t.startsWith("DOUBLE") || t.equals("REAL")
        || t.endsWith("INT") || t.startsWith("INT") || t.equals("FLOAT")) {
      return ColumnType.NUMBER;
    }
    return ColumnType.TEXT;
  }

  String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  String table(String schema, String table) {
    return quote(schema) + "." + quote(table);
  }

  String createSchema(String schema) {
    return "CREATE SCHEMA IF NOT EXISTS " + quote(schema);
  }

  String createTable(String schema, String table, List<Column> columns) {
    StringJoiner cols = new StringJoiner(", ");
    for (Column c : columns) {
      cols.add(quote(c.name()) + " " + sqlType(c.type()) + (c.name().equals("id") ? " PRIMARY KEY" : ""));
    }
    return "CREATE TABLE IF NOT EXISTS " + table(schema, table) + " (" + cols + ")";
  }

  String addColumn(String schema, String table, Column c) {
    return "ALTER TABLE " + table(schema, table) + " ADD COLUMN IF NOT EXISTS " + quote(c.name()) + " "
        + sqlType(c.type());
  }

  /**
   * Inserts {@code rows} rows in one statement, each updating every given column but {@code id} of the row that
   * already has its id. One statement of many rows, not a JDBC batch of one-row statements: DuckDB runs each
   * statement of a batch on its own, tens of times slower.
   */
  String upsert(String schema, String table, List<String> columns, int rows) {
    StringJoiner names = new StringJoiner(", ");
    StringJoiner marks = new StringJoiner(", ", "(", ")");
    StringJoiner sets = new StringJoiner(", ");
    for (String c : columns) {
      names.add(quote(c));
      marks.add("?");
      if (!c.equals("id")) sets.add(quote(c) + " = EXCLUDED." + quote(c));
    }
    StringJoiner values = new StringJoiner(", ");
    for (int i = 0; i < rows; i++) values.add(marks.toString());
    return "INSERT INTO " + table(schema, table) + " (" + names + ") VALUES " + values + " ON CONFLICT ("
        + quote("id") + ") " + (sets.length() == 0 ? "DO NOTHING" : "DO UPDATE SET " + sets);
  }

  /** Binds a value already converted by {@link ColumnType#convert}. */
  void bind(PreparedStatement ps, int index, ColumnType type, Object value) throws SQLException {
    if (value == null) {
      ps.setNull(index, sqlTypeCode(type));
      return;
    }
    switch (type) {
      case TEXT -> ps.setString(index, (String) value);
      case NUMBER -> bindNumber(ps, index, (BigDecimal) value);
      case BOOLEAN -> ps.setBoolean(index, (Boolean) value);
      case TIMESTAMP -> ps.setObject(index, (OffsetDateTime) value);
      case DATE -> ps.setObject(index, (LocalDate) value);
      default -> throw new IllegalStateException(type.name());
    }
  }

  abstract void bindNumber(PreparedStatement ps, int index, BigDecimal value) throws SQLException;

  private static int sqlTypeCode(ColumnType type) {
    return switch (type) {
      case TEXT -> Types.VARCHAR;
      case NUMBER -> Types.NUMERIC;
      case BOOLEAN -> Types.BOOLEAN;
      case TIMESTAMP -> Types.TIMESTAMP_WITH_TIMEZONE;
      case DATE -> Types.DATE;
    };
  }

  /** The embedded default: a file in the data directory, numbers as DOUBLE. */
  static final class DuckDb extends Dialect {
    @Override
    String name() {
      return "duckdb";
    }

    @Override
    String sqlType(ColumnType type) {
      return switch (type) {
        case TEXT -> "VARCHAR";
        case NUMBER -> "DOUBLE";
        case BOOLEAN -> "BOOLEAN";
        case TIMESTAMP -> "TIMESTAMPTZ";
        case DATE -> "DATE";
      };
    }

    @Override
    void bindNumber(PreparedStatement ps, int index, BigDecimal value) throws SQLException {
      ps.setDouble(index, value.doubleValue());
    }
  }

  /** PostgreSQL: numbers as exact NUMERIC, so amounts and ids keep every digit HubSpot has. */
  static final class Postgres extends Dialect {
    @Override
    String name() {
      return "postgresql";
    }

    @Override
    String sqlType(ColumnType type) {
      return switch (type) {
        case TEXT -> "TEXT";
        case NUMBER -> "NUMERIC";
        case BOOLEAN -> "BOOLEAN";
        case TIMESTAMP -> "TIMESTAMPTZ";
        case DATE -> "DATE";
      };
    }

    @Override
    void bindNumber(PreparedStatement ps, int index, BigDecimal value) throws SQLException {
      ps.setBigDecimal(index, value);
    }
  }
}
