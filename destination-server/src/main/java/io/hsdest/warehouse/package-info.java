/**
 * HubSpot into a warehouse (interface.md part 2, "HubSpot -> a warehouse"): each destination with
 * {@code warehouse.enabled} copies contacts, companies, deals, contact lists and memberships, email campaigns and
 * email events into SQL tables over JDBC (an embedded DuckDB file by default, or PostgreSQL), in full the first
 * time and then only what changed.
 *
 * <p>Public surface: {@link io.hsdest.warehouse.Warehouses} (one {@link io.hsdest.warehouse.WarehouseSync} per
 * destination: schedule, run now, status), {@link io.hsdest.warehouse.WarehouseRoutes} and
 * {@link io.hsdest.warehouse.WarehouseSettings}. Contract: HubSpot calls go through the destination's paced client
 * on the event loop; JDBC runs only on the destination's own single worker thread; every page of records is
 * written in one database transaction together with the collection's cursor, so a run that fails leaves the
 * previous state intact and the next run resumes where it stopped.
 */
package io.hsdest.warehouse;
