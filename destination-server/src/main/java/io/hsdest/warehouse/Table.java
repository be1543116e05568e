package io.hsdest.warehouse;

import java.util.Map;

/**
 * A warehouse table as it is in the database now: its columns with the types they really have (a column keeps
 * its type when HubSpot later changes the property's), and whether this run created it.
 */
record Table(String schema, String name, Map<String, ColumnType> columns, boolean created) {}
