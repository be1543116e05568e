package io.hsdest.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Java inspection API of one portal: snapshots of contacts, companies, deals, associations, event occurrences,
 * lists and email campaigns, plus what people do in HubSpot's own UI (merging, archiving, editing, associating,
 * adding properties and campaigns) and seeding in bulk. Every call runs on
 * the fake's event loop and returns copies, so it is safe from any thread, including test threads, while the fake
 * serves traffic. Looks the portal up on every call, so a view stays valid across {@link FakeHubSpot#reset()}.
 */
public final class PortalView {
  private final FakeState state;
  private final long portalId;
  private final Confinement loop;

  PortalView(FakeState state, long portalId, Confinement loop) {
    this.state = state;
    this.portalId = portalId;
    this.loop = loop;
  }

  public long portalId() {
    return portalId;
  }

  /** By id; a merged-away id finds the contact it was merged into, as HubSpot's GET does. */
  public Optional<CrmObject> contact(String id) {
    return read(p -> Optional.ofNullable(p.contacts.resolve(id)).map(r -> CrmObject.of(ObjectType.CONTACTS, r)));
  }

  /** By email (case-insensitive) or another unique property such as segment_user_id. */
  public Optional<CrmObject> contactBy(String uniqueProperty, String value) {
    return by(ObjectType.CONTACTS, uniqueProperty, value);
  }

  public List<CrmObject> contacts() {
    return all(ObjectType.CONTACTS);
  }

  public Optional<CrmObject> company(String id) {
    return read(p -> Optional.ofNullable(p.companies.resolve(id)).map(r -> CrmObject.of(ObjectType.COMPANIES, r)));
  }

  public Optional<CrmObject> companyBy(String uniqueProperty, String value) {
    return by(ObjectType.COMPANIES, uniqueProperty, value);
  }

  public List<CrmObject> companies() {
    return all(ObjectType.COMPANIES);
  }

  public Optional<CrmObject> deal(String id) {
    return read(p -> Optional.ofNullable(p.deals.resolve(id)).map(r -> CrmObject.of(ObjectType.DEALS, r)));
  }

  public List<CrmObject> deals() {
    return all(ObjectType.DEALS);
  }

  /** Records of any type ({@code "contacts"}, {@code "companies"}, {@code "deals"}), archived ones left out. */
  public List<CrmObject> records(String objectType) {
    return all(ObjectType.parse(objectType));
  }

  /** Ids of the archived (deleted) records of a type, oldest id first. */
  public List<String> archivedIds(String objectType) {
    return read(p -> {
      List<String> ids = new ArrayList<>();
      p.store(ObjectType.parse(objectType)).archivedAfter(Long.MIN_VALUE).forEach(r -> ids.add(r.idString()));
      return ids;
    });
  }

  /** Every association, once per direction (contact->company 279 and company->contact 280). */
  public List<Association> associations() {
    return read(p -> p.associations.all());
  }

  /** Ids of the {@code toType} records associated with one record ({@code "contacts"}, {@code "companies"}). */
  public List<String> associatedIds(String fromType, String fromId, String toType) {
    return read(p -> {
      List<String> ids = new ArrayList<>();
      Long id = ObjectStore.parseId(fromId);
      if (id != null) {
        p.associations.of(ObjectType.parse(fromType), id, ObjectType.parse(toType)).keySet()
            .forEach(t -> ids.add(Long.toString(t)));
      }
      return ids;
    });
  }

  /** Stored occurrences, oldest first (at most {@link FakeConfig#maxStoredEventOccurrences()}). */
  public List<EventOccurrence> eventOccurrences() {
    return read(p -> p.events.occurrences());
  }

  public List<EventOccurrence> eventOccurrences(String fullyQualifiedName) {
    return read(p -> {
      List<EventOccurrence> out = new ArrayList<>();
      p.events.occurrences().forEach(o -> {
        if (o.eventName().equals(fullyQualifiedName)) {
          out.add(o);
        }
      });
      return out;
    });
  }

  /**
   * Adds marketing email events, visible to {@code GET /email/public/v1/events} from now on. An event whose
   * {@code created} lies in the past is a late event: HubSpot shows it only now, inside a time range a client may
   * already have read. Missing {@code id}/{@code created} are filled, {@code portalId} is set; see {@link EmailTraffic}
   * for realistic events. Returns the stored copies.
   */
  public List<io.vertx.core.json.JsonObject> addEmailEvents(List<io.vertx.core.json.JsonObject> events) {
    return addEmailEvents(events, null);
  }

  /** As {@link #addEmailEvents(List)}, but hidden from the API until {@code visibleAt} (epoch ms; null = now). */
  public List<io.vertx.core.json.JsonObject> addEmailEvents(List<io.vertx.core.json.JsonObject> events, Long visibleAt) {
    return read(p -> {
      long now = System.currentTimeMillis();
      List<io.vertx.core.json.JsonObject> stored = new ArrayList<>(events.size());
      for (io.vertx.core.json.JsonObject e : events) {
        stored.add(p.emailEvents.put(e, p.portalId, now, visibleAt == null ? now : visibleAt));
      }
      return stored;
    });
  }

  /** Every email event of the portal, newest first, including those not visible yet. */
  public List<io.vertx.core.json.JsonObject> emailEvents() {
    return read(p -> p.emailEvents.all());
  }

  /** Fully qualified names of the portal's event definitions. */
  public List<String> eventDefinitionNames() {
    return read(p -> new ArrayList<>(p.events.definitions.keySet()));
  }

  /** The lists that exist (not deleted), in id order. */
  public List<CrmList> lists() {
    return read(p -> {
      List<CrmList> out = new ArrayList<>();
      p.lists.values().forEach(l -> {
        if (!l.deleted()) {
          out.add(l.snapshot());
        }
      });
      return out;
    });
  }

  /** A list that exists, by name (case-insensitive), whatever its object type. */
  public Optional<CrmList> list(String name) {
    return read(p -> p.lists.values().stream().filter(l -> !l.deleted() && l.name.equalsIgnoreCase(name)).findFirst()
        .map(ListRecord::snapshot));
  }

  /** A list by id, deleted or not (empty if the id never existed). */
  public Optional<CrmList> listById(String listId) {
    return read(p -> {
      Long id = ObjectStore.parseId(listId);
      ListRecord l = id == null ? null : p.lists.get(id);
      return l == null ? Optional.<CrmList>empty() : Optional.of(l.snapshot());
    });
  }

  /**
   * Seeds a contact list as HubSpot's UI or its list processing would make it: any processing type (a DYNAMIC
   * list's members are what its filters matched), with these existing contacts as members. Names must be free.
   */
  public CrmList createList(String name, String processingType, List<String> memberIds) {
    return read(p -> seedList(p, name, ObjectType.CONTACTS.typeId, processingType, memberIds, System.currentTimeMillis())
        .snapshot());
  }

  /** Simulates a user deleting a contact in HubSpot: gone from reads, associations and every list. */
  public void deleteContact(String id) {
    read(p -> {
      CrmRecord r = p.contacts.get(id);
      if (r == null) {
        throw new IllegalArgumentException("no contact " + id);
      }
      p.delete(ObjectType.CONTACTS, r);
      return null;
    });
  }

  static ListRecord seedList(Portal p, String name, String typeId, String processingType, List<String> memberIds,
                             long now) {
    if (name == null || name.isBlank() || !java.util.Set.of("MANUAL", "DYNAMIC", "SNAPSHOT").contains(processingType)) {
      throw new IllegalArgumentException("a list needs a name and processingType MANUAL, DYNAMIC or SNAPSHOT");
    }
    ObjectStore store = p.store(ObjectType.parse(typeId));
    for (String id : memberIds) {
      if (store.get(id) == null) {
        throw new IllegalArgumentException("no " + store.type.singular + " " + id + " to make a member");
      }
    }
    try {
      ListsApi.requireFreeName(p, name, null);
    } catch (ApiError e) {
      throw new IllegalArgumentException("a list named '" + name + "' already exists");
    }
    ListRecord l = ListsApi.create(p, name, typeId, processingType, now);
    memberIds.forEach(id -> l.members.put(ObjectStore.parseId(id), now));
    if (!memberIds.isEmpty()) {
      l.added(now);
    }
    return l;
  }

  /**
   * Simulates HubSpot merging two contacts: {@code mergedId} disappears, its id is recorded in the primary's
   * hs_merged_object_ids (reads and PATCH by the old id find the primary; batch update by it answers
   * OBJECT_NOT_FOUND), its email becomes an additional email, its associations and list memberships move over.
   */
  public CrmObject mergeContacts(String primaryId, String mergedId) {
    return merge("contacts", primaryId, mergedId);
  }

  /** As {@link #mergeContacts}, for any object type (HubSpot merges companies and deals too). */
  public CrmObject merge(String objectType, String primaryId, String mergedId) {
    return read(p -> merge(p, ObjectType.parse(objectType), primaryId, mergedId, System.currentTimeMillis()));
  }

  /** Archives (deletes) a record as {@code DELETE /crm/v3/objects/{type}/{id}} does. */
  public void archive(String objectType, String id) {
    read(p -> {
      ObjectType type = ObjectType.parse(objectType);
      CrmRecord r = p.store(type).get(id);
      if (r == null) {
        throw new IllegalArgumentException("no " + type.singular + " " + id + " to archive");
      }
      p.archive(type, r, System.currentTimeMillis());
      return null;
    });
  }

  /** Updates a record as a PATCH would (values validated); its last-modified time moves. */
  public CrmObject update(String objectType, String id, Map<String, String> properties) {
    return read(p -> {
      ObjectType type = ObjectType.parse(objectType);
      CrmRecord r = p.store(type).get(id);
      if (r == null) {
        throw new IllegalArgumentException("no " + type.singular + " " + id);
      }
      long now = System.currentTimeMillis();
      p.store(type).apply(r, validated(p.store(type), properties, r), now, true);
      return CrmObject.of(type, r);
    });
  }

  /**
   * Seeds many records of one type in one hop onto the fake's loop (thousands per call), each as if written through
   * the API; returns their ids in order.
   */
  public List<String> createRecords(String objectType, List<Map<String, String>> records) {
    return read(p -> seed(p, ObjectType.parse(objectType), records, System.currentTimeMillis()));
  }

  /** As {@link #createRecords(String, List)}, created and last modified at {@code atMillis} (e.g. last month). */
  public List<String> createRecords(String objectType, List<Map<String, String>> records, long atMillis) {
    return read(p -> seed(p, ObjectType.parse(objectType), records, atMillis));
  }

  /** Updates many records in one hop (record id -> properties), each as a PATCH would; all modified now. */
  public void updateRecords(String objectType, Map<String, Map<String, String>> changes) {
    read(p -> {
      ObjectType type = ObjectType.parse(objectType);
      ObjectStore store = p.store(type);
      long now = System.currentTimeMillis();
      changes.forEach((id, properties) -> {
        CrmRecord r = store.get(id);
        if (r == null) {
          throw new IllegalArgumentException("no " + type.singular + " " + id);
        }
        store.apply(r, validated(store, properties, r), now, true);
      });
      return null;
    });
  }

  /** Associates two records with the default (unlabelled) type, as the v4 default association does. */
  public void associate(String fromType, String fromId, String toType, String toId) {
    read(p -> {
      ObjectType from = ObjectType.parse(fromType);
      ObjectType to = ObjectType.parse(toType);
      CrmRecord a = p.store(from).get(fromId);
      CrmRecord b = p.store(to).get(toId);
      if (a == null || b == null) {
        throw new IllegalArgumentException("cannot associate " + fromType + " " + fromId + " with " + toType + " "
            + toId + ": both must exist");
      }
      p.associate(from, a.id, to, b.id, AssociationStore.defaultType(from, to), System.currentTimeMillis());
      return null;
    });
  }

  /**
   * Seeds many default associations in one hop, as made at {@code atMillis}: a deal whose associations change is
   * modified then (not now), so seeded data can lie in the past.
   */
  public void associateAll(String fromType, String toType, List<String[]> fromTo, long atMillis) {
    read(p -> {
      ObjectType from = ObjectType.parse(fromType);
      ObjectType to = ObjectType.parse(toType);
      for (String[] pair : fromTo) {
        CrmRecord a = p.store(from).get(pair[0]);
        CrmRecord b = p.store(to).get(pair[1]);
        if (a == null || b == null) {
          throw new IllegalArgumentException("cannot associate " + fromType + " " + pair[0] + " with " + toType + " "
              + pair[1] + ": both must exist");
        }
        p.associate(from, a.id, to, b.id, AssociationStore.defaultType(from, to), atMillis);
      }
      return null;
    });
  }

  public void dissociate(String fromType, String fromId, String toType, String toId) {
    read(p -> p.dissociate(ObjectType.parse(fromType), Long.parseLong(fromId), ObjectType.parse(toType),
        Long.parseLong(toId), System.currentTimeMillis()));
  }

  /**
   * Creates a marketing email campaign (fields: {@code name}, {@code subject}, {@code type}, {@code subType},
   * {@code contentId}, {@code counters}); returns it as {@code GET /email/public/v1/campaigns/{id}} shows it.
   */
  public io.vertx.core.json.JsonObject createCampaign(io.vertx.core.json.JsonObject fields) {
    return read(p -> createCampaign(p, fields, System.currentTimeMillis()).toJson());
  }

  /** Changes a campaign's fields (its lastUpdatedTime moves). */
  public io.vertx.core.json.JsonObject updateCampaign(String id, io.vertx.core.json.JsonObject fields) {
    return read(p -> {
      EmailCampaign c = p.campaigns.get(Long.parseLong(id));
      if (c == null) {
        throw new IllegalArgumentException("no campaign " + id);
      }
      c.apply(fields, System.currentTimeMillis());
      return c.toJson();
    });
  }

  public List<io.vertx.core.json.JsonObject> campaigns() {
    return read(p -> {
      List<io.vertx.core.json.JsonObject> out = new ArrayList<>();
      p.campaigns.values().forEach(c -> out.add(c.toJson()));
      return out;
    });
  }

  static EmailCampaign createCampaign(Portal p, io.vertx.core.json.JsonObject fields, long now) {
    EmailCampaign c = new EmailCampaign(p.nextCampaignId++, fields.getLong("appId", 113L),
        fields.getString("appName", "Batch"), now);
    c.apply(fields, now);
    p.campaigns.put(c.id, c);
    return c;
  }

  static List<String> seed(Portal p, ObjectType type, List<Map<String, String>> records, long now) {
    ObjectStore store = p.store(type);
    List<Map<String, String>> valid = new ArrayList<>(records.size());
    for (Map<String, String> properties : records) {
      valid.add(validated(store, properties, null));
    }
    List<String> ids = new ArrayList<>(records.size());
    for (Map<String, String> values : valid) {
      CrmRecord r = store.create(now);
      store.apply(r, values, now, true);
      ids.add(r.idString());
    }
    return ids;
  }

  private static Map<String, String> validated(ObjectStore store, Map<String, String> properties, CrmRecord self) {
    List<PropertyError> errors = new ArrayList<>();
    io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject();
    properties.forEach(json::put);
    Map<String, String> values = RecordValues.validate(store, json, errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid properties: " + errors);
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (store.isUniqueKey(e.getKey()) && store.owner(e.getKey(), e.getValue(), self) != null) {
        throw new IllegalArgumentException(e.getKey() + " " + e.getValue() + " already exists");
      }
    }
    return values;
  }

  /** Seeds a contact as if written through the API (values validated; unique values enforced). */
  public CrmObject createContact(Map<String, String> properties) {
    return create(ObjectType.CONTACTS, properties);
  }

  public CrmObject createCompany(Map<String, String> properties) {
    return create(ObjectType.COMPANIES, properties);
  }

  public CrmObject createDeal(Map<String, String> properties) {
    return create(ObjectType.DEALS, properties);
  }

  /**
   * Where HubSpot hosts this account: {@code na1} (the default), {@code eu1}, {@code na2} or {@code ap1}. Account
   * details report it as {@code dataHostingLocation}, with the region's {@code uiDomain} ({@code app-eu1.hubspot.com}).
   */
  public void hostedIn(String dataHostingLocation) {
    if (dataHostingLocation == null || !dataHostingLocation.matches("[a-z]{2}\\d")) {
      throw new IllegalArgumentException("a data hosting location looks like na1, eu1, na2 or ap1");
    }
    read(p -> {
      p.dataHostingLocation = dataHostingLocation;
      return null;
    });
  }

  /** Adds a custom property to the contact, company or deal schema, e.g. a unique {@code segment_user_id}. */
  public void createProperty(String objectType, String name, String type, String fieldType, boolean unique) {
    read(p -> {
      ObjectStore store = p.store(ObjectType.parse(objectType));
      store.addProperty(PropertyDefinition.builder(name, type, fieldType).label(name).unique(unique)
          .hubspotDefined(false).build());
      return null;
    });
  }

  static CrmObject merge(Portal p, ObjectType type, String primaryId, String mergedId, long now) {
    CrmRecord primary = p.store(type).get(primaryId);
    CrmRecord merged = p.store(type).get(mergedId);
    if (primary == null || merged == null || primary == merged) {
      throw new IllegalArgumentException("cannot merge " + type.singular + " " + mergedId + " into " + primaryId
          + ": both must exist and differ");
    }
    p.merge(type, primary, merged, now);
    return CrmObject.of(type, primary);
  }

  private CrmObject create(ObjectType type, Map<String, String> properties) {
    return read(p -> {
      String id = seed(p, type, List.of(properties), System.currentTimeMillis()).get(0);
      return CrmObject.of(type, p.store(type).get(id));
    });
  }

  private Optional<CrmObject> by(ObjectType type, String property, String value) {
    return read(p -> Optional.ofNullable(p.store(type).findBy(property, value)).map(r -> CrmObject.of(type, r)));
  }

  private List<CrmObject> all(ObjectType type) {
    return read(p -> {
      List<CrmObject> out = new ArrayList<>(p.store(type).size());
      p.store(type).all().forEach(r -> out.add(CrmObject.of(type, r)));
      return out;
    });
  }

  private <T> T read(Function<Portal, T> f) {
    return loop.call(() -> f.apply(state.portal(portalId)));
  }
}
