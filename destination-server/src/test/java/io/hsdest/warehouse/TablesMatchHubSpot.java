package io.hsdest.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.fake.CrmList;
import io.hsdest.fake.CrmObject;
import io.hsdest.fake.PortalView;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the warehouse tables with what the HubSpot fake holds, value by value: every live record is a live row
 * whose property columns equal HubSpot's values (numbers by value, times by instant, dates by day), every archived
 * record an archived row, every merged-away record a row pointing at its winner.
 */
final class TablesMatchHubSpot {
  static final Set<String> OWN = Set.of("id", "created_at", "updated_at", "archived", "archived_at", "merged_into",
      "synced_at", "associated_contact_ids", "associated_company_ids");

  private final Connection db;
  private final String schema;
  private final PortalView hubspot;

  TablesMatchHubSpot(Connection db, String schema, PortalView hubspot) {
    this.db = db;
    this.schema = schema;
    this.hubspot = hubspot;
  }

  /** Rows of a table by id, column name to value as JDBC gives it. */
  Map<String, Map<String, Object>> rows(String table) throws SQLException {
    Map<String, Map<String, Object>> out = new HashMap<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM \"" + schema + "\".\"" + table + "\"")) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnName(i), rs.getObject(i));
        out.put(rs.getString("id"), row);
      }
    }
    return out;
  }

  /** Every record of a CRM type equals its row; archived and merged records are marked. */
  void crmObjects(String type, Map<String, String> mergedInto) throws SQLException {
    Map<String, Map<String, Object>> rows = rows(type);
    List<CrmObject> records = hubspot.records(type);
    Set<String> live = new HashSet<>();
    for (CrmObject r : records) {
      live.add(r.id());
      Map<String, Object> row = rows.get(r.id());
      assertThat(row).as(type + " " + r.id() + " is in the warehouse").isNotNull();
      assertThat(row.get("archived")).as(type + " " + r.id() + " archived").isEqualTo(Boolean.FALSE);
      assertThat(row.get("merged_into")).as(type + " " + r.id() + " merged_into").isNull();
      for (String column : row.keySet()) {
        if (OWN.contains(column)) continue;
        assertEqual(type + " " + r.id() + "." + column, r.property(column), row.get(column));
      }
      if (type.equals("deals")) {
        assertThat(row.get("associated_contact_ids")).as("deal " + r.id() + " contacts")
            .isEqualTo(joined(hubspot.associatedIds("deals", r.id(), "contacts")));
        assertThat(row.get("associated_company_ids")).as("deal " + r.id() + " companies")
            .isEqualTo(joined(hubspot.associatedIds("deals", r.id(), "companies")));
      }
    }
    for (String id : hubspot.archivedIds(type)) {
      assertThat(rows.get(id)).as(type + " " + id + " archived in HubSpot").isNotNull();
      assertThat(rows.get(id).get("archived")).as(type + " " + id + " archived").isEqualTo(Boolean.TRUE);
    }
    mergedInto.forEach((loser, winner) -> {
      assertThat(rows.get(loser)).as(type + " " + loser + " merged").isNotNull();
      assertThat(rows.get(loser).get("merged_into")).as(type + " " + loser + " merged_into").isEqualTo(winner);
    });
    long liveRows = rows.values().stream()
        .filter(r -> Boolean.FALSE.equals(r.get("archived")) && r.get("merged_into") == null).count();
    assertThat(liveRows).as(type + ": live rows are exactly HubSpot's records").isEqualTo(records.size());
  }

  void lists() throws SQLException {
    Map<String, Map<String, Object>> rows = rows("contact_lists");
    Map<String, Map<String, Object>> members = rows("contact_list_memberships");
    Set<String> expectedMembers = new TreeSet<>();
    for (CrmList l : hubspot.lists()) {
      Map<String, Object> row = rows.get(l.listId());
      assertThat(row).as("list " + l.listId()).isNotNull();
      assertThat(row.get("name")).isEqualTo(l.name());
      assertThat(row.get("processing_type")).isEqualTo(l.processingType());
      assertThat(((Number) row.get("size")).intValue()).isEqualTo(l.memberIds().size());
      assertThat(row.get("archived")).isEqualTo(Boolean.FALSE);
      l.memberIds().forEach(m -> expectedMembers.add(l.listId() + ":" + m));
    }
    Set<String> liveMembers = new TreeSet<>();
    members.forEach((id, r) -> {
      if (Boolean.FALSE.equals(r.get("archived"))) liveMembers.add(id);
      assertThat(id).isEqualTo(r.get("list_id") + ":" + r.get("contact_id"));
    });
    assertThat(liveMembers).isEqualTo(expectedMembers);
  }

  void campaigns() throws SQLException {
    Map<String, Map<String, Object>> rows = rows("email_campaigns");
    for (JsonObject c : hubspot.campaigns()) {
      Map<String, Object> row = rows.get(Long.toString(c.getLong("id")));
      assertThat(row).as("campaign " + c.getLong("id")).isNotNull();
      assertThat(row.get("subject")).isEqualTo(c.getString("subject"));
      assertThat(row.get("name")).isEqualTo(c.getString("name"));
      assertEqual("counters_sent", c.getJsonObject("counters").getValue("sent").toString(), row.get("counters_sent"));
      assertEqual("content_id", c.getValue("contentId").toString(), row.get("content_id"));
    }
    assertThat(rows.values().stream().filter(r -> Boolean.FALSE.equals(r.get("archived"))).count())
        .isEqualTo(hubspot.campaigns().size());
  }

  void emailEvents() throws SQLException {
    Map<String, Map<String, Object>> rows = rows("email_events");
    List<JsonObject> events = hubspot.emailEvents();
    assertThat(rows).hasSize(events.size());
    for (JsonObject e : events) {
      Map<String, Object> row = rows.get(e.getString("id"));
      assertThat(row).as("email event " + e.getString("id")).isNotNull();
      assertThat(row.get("type")).isEqualTo(e.getString("type"));
      assertThat(row.get("recipient")).isEqualTo(e.getString("recipient"));
      assertEqual("created", Long.toString(e.getLong("created")), row.get("created"));
      if (e.containsKey("emailCampaignId")) {
        assertEqual("email_campaign_id", e.getValue("emailCampaignId").toString(), row.get("email_campaign_id"));
      }
    }
  }

  /** HubSpot's string value against the column's typed value. */
  static void assertEqual(String what, String hubspot, Object column) {
    if (hubspot == null || hubspot.isEmpty()) {
      assertThat(column).as(what).isNull();
      return;
    }
    assertThat(column).as(what + " (HubSpot: " + hubspot + ")").isNotNull();
    if (column instanceof BigDecimal || column instanceof Double || column instanceof Long || column instanceof Integer) {
      assertThat(new BigDecimal(column.toString()).compareTo(new BigDecimal(hubspot))).as(what + ": " + hubspot + " vs " + column)
          .isZero();
    } else if (column instanceof Boolean b) {
      assertThat(b).as(what).isEqualTo(Boolean.parseBoolean(hubspot));
    } else if (column instanceof OffsetDateTime t) {
      assertThat(t.toInstant()).as(what).isEqualTo(instant(hubspot));
    } else if (column instanceof java.sql.Timestamp t) {
      assertThat(t.toInstant()).as(what).isEqualTo(instant(hubspot));
    } else if (column instanceof java.sql.Date d) {
      assertThat(d.toLocalDate()).as(what).isEqualTo(LocalDate.parse(hubspot));
    } else if (column instanceof LocalDate d) {
      assertThat(d).as(what).isEqualTo(LocalDate.parse(hubspot));
    } else {
      assertThat(column.toString()).as(what).isEqualTo(hubspot);
    }
  }

  private static Instant instant(String s) {
    return s.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(s)) : Instant.parse(s);
  }

  private static String joined(List<String> ids) {
    if (ids.isEmpty()) return null;
    List<Long> sorted = new ArrayList<>();
    ids.forEach(i -> sorted.add(Long.parseLong(i)));
    sorted.sort(null);
    List<String> out = new ArrayList<>();
    sorted.forEach(i -> out.add(Long.toString(i)));
    return String.join(";", out);
  }
}
