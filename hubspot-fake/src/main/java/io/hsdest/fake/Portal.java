package io.hsdest.fake;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one HubSpot account (portal) holds: contacts, companies, deals, associations, event definitions and
 * occurrences, lists, email campaigns, marketing email events, and its search rate window. Event loop only.
 */
final class Portal {
  final long portalId;
  final ObjectStore contacts = new ObjectStore(ObjectType.CONTACTS, DefaultSchemas.contacts());
  final ObjectStore companies = new ObjectStore(ObjectType.COMPANIES, DefaultSchemas.companies());
  final ObjectStore deals = new ObjectStore(ObjectType.DEALS, DefaultSchemas.deals());
  private final Map<ObjectType, ObjectStore> stores = new EnumMap<>(Map.of(
      ObjectType.CONTACTS, contacts, ObjectType.COMPANIES, companies, ObjectType.DEALS, deals));
  final AssociationStore associations = new AssociationStore();
  final EventStore events = new EventStore();
  final EmailEventLog emailEvents = new EmailEventLog();
  final Map<Long, ListRecord> lists = new LinkedHashMap<>();
  final Map<Long, EmailCampaign> campaigns = new LinkedHashMap<>();
  /** Where HubSpot hosts the account ({@code na1}, {@code eu1}, {@code na2}, {@code ap1}); see {@link #uiDomain()}. */
  String dataHostingLocation = "na1";
  long nextListId = 1;
  long nextCampaignId = 3_000_001;
  private RollingWindow searchWindow;

  Portal(long portalId) {
    this.portalId = portalId;
    DefaultSchemas.events(portalId).forEach(events::define);
  }

  /** HubSpot's UI host for the account's region: {@code app.hubspot.com}, {@code app-eu1.hubspot.com}, ... */
  String uiDomain() {
    return "na1".equals(dataHostingLocation) ? "app.hubspot.com" : "app-" + dataHostingLocation + ".hubspot.com";
  }

  ObjectStore store(ObjectType type) {
    return stores.get(type);
  }

  /** The search limiter for the configured rate, rebuilt when the rate changes. */
  RollingWindow searchWindow(int perSecond) {
    if (searchWindow == null || searchWindow.max != perSecond) {
      searchWindow = new RollingWindow(perSecond, 1000);
    }
    return searchWindow;
  }

  ListRecord listByName(String objectTypeId, String name) {
    for (ListRecord l : lists.values()) {
      if (!l.deleted() && l.objectTypeId.equals(objectTypeId) && l.name.equalsIgnoreCase(name)) {
        return l;
      }
    }
    return null;
  }

  /**
   * Adds an association (and its inverse). A deal whose associations change is modified: HubSpot keeps
   * {@code num_associated_contacts} on the deal, so its {@code hs_lastmodifieddate} moves too.
   */
  boolean associate(ObjectType from, long fromId, ObjectType to, long toId, int typeId, long now) {
    boolean added = associations.add(from, fromId, to, toId, typeId);
    if (added) {
      touchDeals(List.of(new AssociationStore.Node(from, fromId), new AssociationStore.Node(to, toId)), now);
    }
    return added;
  }

  /** Removes every association type between the two records; true if there was one. */
  boolean dissociate(ObjectType from, long fromId, ObjectType to, long toId, long now) {
    boolean removed = associations.remove(from, fromId, to, toId);
    if (removed) {
      touchDeals(List.of(new AssociationStore.Node(from, fromId), new AssociationStore.Node(to, toId)), now);
    }
    return removed;
  }

  /**
   * A record deleted in HubSpot's UI: HubSpot archives it (see {@link #archive}); it is gone from reads, unique
   * indexes, associations and every list.
   */
  void delete(ObjectType type, CrmRecord r) {
    archive(type, r, System.currentTimeMillis());
  }

  /** HubSpot's merge: the merged record's id, associations and list memberships move to the primary. */
  void merge(ObjectType type, CrmRecord primary, CrmRecord merged, long now) {
    store(type).merge(primary, merged, now);
    touchDeals(associations.rehome(type, merged.id, primary.id), now);
    for (ListRecord l : lists.values()) {
      if (l.objectTypeId.equals(type.typeId) && l.members.remove(merged.id) != null) {
        l.members.putIfAbsent(primary.id, now);
        l.added(now);
      }
    }
  }

  /**
   * HubSpot's archive (delete): the record leaves reads, search and its unique values, and is listed only with
   * {@code archived=true} (restorable for 90 days there); its associations and list memberships go.
   */
  void archive(ObjectType type, CrmRecord r, long now) {
    store(type).archive(r, now);
    touchDeals(associations.removeAll(type, r.id), now);
    for (ListRecord l : lists.values()) {
      if (l.objectTypeId.equals(type.typeId) && l.members.remove(r.id) != null) {
        l.removed(now);
      }
    }
  }

  private void touchDeals(List<AssociationStore.Node> nodes, long now) {
    for (AssociationStore.Node n : nodes) {
      if (n.type() != ObjectType.DEALS) {
        continue;
      }
      CrmRecord deal = deals.get(Long.toString(n.id()));
      if (deal != null) {
        int contactsCount = associations.of(ObjectType.DEALS, n.id(), ObjectType.CONTACTS).size();
        deal.properties.put("num_associated_contacts", Integer.toString(contactsCount));
        deals.touch(deal, now);
      }
    }
  }
}
