package io.hsdest.warehouse;

import java.util.Locale;

/** The HubSpot collections the warehouse copies, each into the table of the same name (interface.md part 2). */
public enum SourceCollection {
  CONTACTS("contacts"),
  COMPANIES("companies"),
  DEALS("deals"),
  CONTACT_LISTS("contact_lists"),
  CONTACT_LIST_MEMBERSHIPS("contact_list_memberships"),
  EMAIL_CAMPAIGNS("email_campaigns"),
  EMAIL_EVENTS("email_events");

  /** The table's name, which is also the name used in settings, reports and metrics. */
  public final String table;

  SourceCollection(String table) {
    this.table = table;
  }

  /** By its settings name ({@code contact_lists}); the schema has already checked it. */
  static SourceCollection of(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
