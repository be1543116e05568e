package io.hsdest.fake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One object type's records and property schema in one portal, with an index per unique property (email for
 * contacts, and every {@code hasUniqueValue} property) and the ids merged away. Writes go through
 * {@link #apply}, which keeps the indexes and HubSpot's own properties (hs_object_id, createdate, last-modified)
 * right and enforces the forward-only lifecycle stage. Event loop only.
 */
final class ObjectStore {
  private static final String LIFECYCLE = "lifecyclestage";

  final ObjectType type;
  final Map<String, PropertyDefinition> schema = new LinkedHashMap<>();
  private final TreeMap<Long, CrmRecord> records = new TreeMap<>();
  private final Map<String, Map<String, Long>> uniqueIndex = new HashMap<>();
  private final Map<Long, Long> mergedInto = new HashMap<>();
  private final TreeMap<Long, CrmRecord> archived = new TreeMap<>();
  private long nextId;

  ObjectStore(ObjectType type, List<PropertyDefinition> properties) {
    this.type = type;
    this.nextId = type.firstId;
    properties.forEach(this::addProperty);
  }

  /** HubSpot never hands out a record id twice, not even after a portal reset: ids go on from {@code next}. */
  void idsFrom(long next) {
    nextId = Math.max(nextId, next);
  }

  long nextId() {
    return nextId;
  }

  PropertyDefinition property(String name) {
    return schema.get(name);
  }

  void addProperty(PropertyDefinition d) {
    schema.put(d.name, d);
    if (d.hasUniqueValue || isEmail(d.name)) {
      uniqueIndex.putIfAbsent(d.name, new HashMap<>());
    }
  }

  boolean isEmail(String property) {
    return type == ObjectType.CONTACTS && "email".equals(property);
  }

  /** May this property address records in upsert/read (HubSpot: it must have unique values; email for contacts)? */
  boolean isUniqueKey(String property) {
    return uniqueIndex.containsKey(property);
  }

  /** HubSpot compares emails case-insensitively; other unique values exactly. */
  String key(String property, String value) {
    return isEmail(property) ? value.trim().toLowerCase() : value;
  }

  int size() {
    return records.size();
  }

  Collection<CrmRecord> all() {
    return records.values();
  }

  Collection<CrmRecord> after(long exclusiveId) {
    return records.tailMap(exclusiveId, false).values();
  }

  /** Archived records by id, for {@code GET ...?archived=true}. */
  Collection<CrmRecord> archivedAfter(long exclusiveId) {
    return archived.tailMap(exclusiveId, false).values();
  }

  int archivedSize() {
    return archived.size();
  }

  /** Moves a record to the archive: it leaves reads, search and the unique indexes. */
  void archive(CrmRecord r, long now) {
    for (Map.Entry<String, Map<String, Long>> idx : uniqueIndex.entrySet()) {
      String v = r.get(idx.getKey());
      if (v != null) {
        idx.getValue().remove(key(idx.getKey(), v), r.id);
      }
    }
    records.remove(r.id);
    mergedInto.values().removeIf(into -> into == r.id);
    r.archivedAt = Math.max(now, r.updatedAt);
    archived.put(r.id, r);
  }

  /** HubSpot changed the record itself (a calculated property, an association count): it is modified now. */
  void touch(CrmRecord r, long now) {
    r.updatedAt = Math.max(now, r.createdAt);
    String iso = Timestamps.iso(r.updatedAt);
    r.properties.put("lastmodifieddate", iso);
    r.properties.put("hs_lastmodifieddate", iso);
  }

  /** The record with this id, without following merges (HubSpot's batch update). */
  CrmRecord get(String id) {
    Long n = parseId(id);
    return n == null ? null : records.get(n);
  }

  /** The record with this id, following merges (HubSpot's single GET/PATCH and batch read accept merged-away ids). */
  CrmRecord resolve(String id) {
    Long n = parseId(id);
    if (n == null) {
      return null;
    }
    Long target = mergedInto.get(n);
    return records.get(target != null ? target : n);
  }

  /** By a unique property (or hs_object_id); null if no record has that value. */
  CrmRecord findBy(String property, String value) {
    if (property == null || "hs_object_id".equals(property)) {
      return resolve(value);
    }
    Map<String, Long> index = uniqueIndex.get(property);
    Long id = index == null ? null : index.get(key(property, value));
    return id == null ? null : records.get(id);
  }

  /** The id of another record that already holds this unique value, or null. */
  Long owner(String property, String value, CrmRecord self) {
    Map<String, Long> index = uniqueIndex.get(property);
    if (index == null || value.isEmpty()) {
      return null;
    }
    Long owner = index.get(key(property, value));
    return owner == null || (self != null && owner == self.id) ? null : owner;
  }

  CrmRecord create(long now) {
    CrmRecord r = new CrmRecord(nextId++, now);
    String iso = Timestamps.iso(now);
    r.properties.put("hs_object_id", r.idString());
    r.properties.put("createdate", iso);
    r.properties.put("lastmodifieddate", iso);
    r.properties.put("hs_lastmodifieddate", iso);
    if (type == ObjectType.CONTACTS) {
      r.properties.put("hs_all_contact_vids", r.idString());
    }
    records.put(r.id, r);
    return r;
  }

  /**
   * Writes validated values. "" clears; a leading ";" on a multi-checkbox appends; a backward lifecycle stage is
   * ignored unless allowed (HubSpot: the write succeeds and the old stage stays).
   */
  void apply(CrmRecord r, Map<String, String> values, long now, boolean allowLifecycleBackward) {
    for (Map.Entry<String, String> e : values.entrySet()) {
      String name = e.getKey();
      String value = e.getValue();
      String current = r.get(name);
      if (LIFECYCLE.equals(name) && !allowLifecycleBackward && isBackward(current, value)) {
        continue;
      }
      if (value.startsWith(";")) {
        value = appendCheckboxes(current, value.substring(1));
      }
      Map<String, Long> index = uniqueIndex.get(name);
      if (index != null && current != null) {
        index.remove(key(name, current), r.id);
      }
      if (value.isEmpty()) {
        r.properties.remove(name);
      } else {
        r.properties.put(name, value);
        if (index != null) {
          index.put(key(name, value), r.id);
        }
      }
    }
    touch(r, now);
  }

  /** Moves {@code merged} into {@code primary} like HubSpot's merge: the old id lives on in hs_merged_object_ids. */
  void merge(CrmRecord primary, CrmRecord merged, long now) {
    Map<String, String> fill = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : merged.properties.entrySet()) {
      PropertyDefinition d = schema.get(e.getKey());
      if (d != null && d.writable() && primary.get(e.getKey()) == null && !isEmail(e.getKey())) {
        fill.put(e.getKey(), e.getValue());
      }
    }
    String mergedEmail = merged.get("email");
    for (Map.Entry<String, Map<String, Long>> idx : uniqueIndex.entrySet()) {
      String v = merged.get(idx.getKey());
      if (v != null) {
        idx.getValue().remove(key(idx.getKey(), v), merged.id);
      }
    }
    records.remove(merged.id);
    apply(primary, fill, now, true);
    if (mergedEmail != null && type == ObjectType.CONTACTS) {
      // HubSpot keeps the merged contact's email as a secondary email that still finds the primary.
      primary.properties.merge("hs_additional_emails", mergedEmail, (a, b) -> a + ";" + b);
      uniqueIndex.get("email").putIfAbsent(key("email", mergedEmail), primary.id);
    }
    List<String> mergedIds = new ArrayList<>();
    String previous = primary.get("hs_merged_object_ids");
    if (previous != null) {
      mergedIds.add(previous);
    }
    mergedIds.add(merged.idString());
    String mergedOfMerged = merged.get("hs_merged_object_ids");
    if (mergedOfMerged != null) {
      mergedIds.add(mergedOfMerged);
    }
    primary.properties.put("hs_merged_object_ids", String.join(";", mergedIds));
    if (type == ObjectType.CONTACTS) {
      primary.properties.put("hs_all_contact_vids", primary.idString() + ";" + String.join(";", mergedIds));
    }
    mergedInto.replaceAll((old, into) -> into == merged.id ? primary.id : into);
    mergedInto.put(merged.id, primary.id);
  }

  private boolean isBackward(String current, String wanted) {
    if (current == null || current.isEmpty() || wanted.isEmpty()) {
      return false;
    }
    PropertyDefinition d = schema.get(LIFECYCLE);
    PropertyOption from = d == null ? null : d.option(current);
    PropertyOption to = d == null ? null : d.option(wanted);
    return from != null && to != null && to.displayOrder() < from.displayOrder();
  }

  private static String appendCheckboxes(String current, String added) {
    if (current == null || current.isEmpty()) {
      return added;
    }
    LinkedHashMap<String, Boolean> all = new LinkedHashMap<>();
    for (String s : (current + ";" + added).split(";")) {
      if (!s.isEmpty()) {
        all.put(s, true);
      }
    }
    return String.join(";", all.keySet());
  }

  static Long parseId(String id) {
    if (id == null || id.isEmpty() || id.length() > 18) {
      return null;
    }
    for (int i = 0; i < id.length(); i++) {
      if (id.charAt(i) < '0' || id.charAt(i) > '9') {
        return null;
      }
    }
    return Long.parseLong(id);
  }
}
