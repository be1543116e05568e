package io.hsdest.warehouse;

/**
 * One column of a warehouse table: its name in the database, its type, and where its value comes from
 * ({@code source}: the HubSpot property name or field path; null for the columns the sync itself fills).
 */
record Column(String name, ColumnType type, String source) {

  static Column own(String name, ColumnType type) {
    return new Column(name, type, null);
  }
}
