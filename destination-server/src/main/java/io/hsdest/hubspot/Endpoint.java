package io.hsdest.hubspot;

/**
 * The HubSpot operations the destination calls, with how each is rate-limited
 * (hubspot-api.md section 3) and how many inputs one batch call takes.
 */
public enum Endpoint {
  CONTACTS_UPSERT("contacts_batch_upsert", RateClass.TEN_SECONDLY, 100),
  CONTACTS_UPDATE("contacts_batch_update", RateClass.TEN_SECONDLY, 100),
  CONTACTS_READ("contacts_batch_read", RateClass.TEN_SECONDLY, 100),
  CONTACTS_CREATE("contacts_batch_create", RateClass.TEN_SECONDLY, 100),
  CONTACTS_PROBE("contacts_list", RateClass.TEN_SECONDLY, 1),
  COMPANIES_UPSERT("companies_batch_upsert", RateClass.TEN_SECONDLY, 100),
  COMPANIES_UPDATE("companies_batch_update", RateClass.TEN_SECONDLY, 100),
  COMPANIES_READ("companies_batch_read", RateClass.TEN_SECONDLY, 100),
  COMPANIES_SEARCH("companies_search", RateClass.SEARCH, 100),
  ASSOCIATIONS_DEFAULT("associations_batch_associate_default", RateClass.EXEMPT, 100),
  ASSOCIATIONS_CREATE("associations_batch_create", RateClass.EXEMPT, 100),
  EVENTS_SEND("events_send", RateClass.EXEMPT, 1),
  EVENTS_SEND_BATCH("events_send_batch", RateClass.EXEMPT, 500),
  PROPERTIES_READ("properties_read", RateClass.TEN_SECONDLY, 1),
  PROPERTIES_CREATE("properties_create", RateClass.TEN_SECONDLY, 1),
  EVENT_DEFINITIONS_READ("event_definitions_read", RateClass.TEN_SECONDLY, 1),
  EVENT_DEFINITIONS_CREATE("event_definitions_create", RateClass.TEN_SECONDLY, 1),
  EVENT_PROPERTY_CREATE("event_definition_property_create", RateClass.TEN_SECONDLY, 1),
  LISTS_BY_NAME("lists_by_name", RateClass.TEN_SECONDLY, 1),
  LISTS_CREATE("lists_create", RateClass.TEN_SECONDLY, 1),
  LISTS_READ("lists_read", RateClass.TEN_SECONDLY, 1),
  /**
   * {@code add-and-remove}: record ids per call, adds and removes together. HubSpot documents no maximum for v3;
   * 500 is the one documented for list membership changes (the v1 lists API, legacydocs "Add existing contacts to
   * a list"), so the conservative choice. Every list membership writer uses this one number.
   */
  LISTS_MEMBERSHIPS("lists_memberships_add_and_remove", RateClass.TEN_SECONDLY, 500),
  /** Legacy email events (section 9): a standard call; up to 1,000 events per page. */
  EMAIL_EVENTS("email_events", RateClass.TEN_SECONDLY, 1000),
  // Reads of the warehouse sync (HubSpot as a source).
  DEALS_READ("deals_batch_read", RateClass.TEN_SECONDLY, 100),
  CRM_SEARCH("crm_search", RateClass.SEARCH, 200),
  CRM_LIST("crm_list", RateClass.TEN_SECONDLY, 100),
  ASSOCIATIONS_READ("associations_batch_read", RateClass.EXEMPT, 1000),
  LISTS_SEARCH("lists_search", RateClass.TEN_SECONDLY, 500),
  /** A page of a list's members: {@code limit} at most 250 (SPEC crm-lists-v3). */
  LISTS_MEMBERSHIPS_READ("lists_memberships_read", RateClass.TEN_SECONDLY, 250),
  EMAIL_CAMPAIGNS_LIST("email_campaigns_by_id", RateClass.TEN_SECONDLY, 1000),
  EMAIL_CAMPAIGN_READ("email_campaign_read", RateClass.TEN_SECONDLY, 1),
  // The console's setup check (hubspot-api.md section 1); counted like any call, to be safe.
  /** {@code POST /oauth/v2/private-apps/get/access-token-info}: the client puts its own token in the body. */
  TOKEN_INFO("token_info", RateClass.TEN_SECONDLY, 1),
  ACCOUNT_DETAILS("account_details", RateClass.TEN_SECONDLY, 1),
  DAILY_USAGE("daily_usage", RateClass.TEN_SECONDLY, 1);

  /** How HubSpot counts a call against the token's limits. */
  public enum RateClass {
    /** The ten-secondly rolling limit of the private app (and the daily limit). */
    TEN_SECONDLY,
    /** The search API's own per-second limit; exempt from the ten-secondly one. */
    SEARCH,
    /** Exempt from the ten-secondly limit (event sends, v4 association batches). */
    EXEMPT
  }

  public final String metricName;
  public final RateClass rateClass;
  public final int maxInputs;

  Endpoint(String metricName, RateClass rateClass, int maxInputs) {
    this.metricName = metricName;
    this.rateClass = rateClass;
    this.maxInputs = maxInputs;
  }
}
