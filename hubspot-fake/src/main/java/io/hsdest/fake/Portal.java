package io.hsdest.fake;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything one HubSpot account (portal) holds: contacts, companies, associations, event definitions and
 * occurrences, lists, and its search rate window. Event loop only.
 */
final class Portal {
  final long portalId;
  final ObjectStore contacts = new ObjectStore(ObjectType.CONTACTS, DefaultSchemas.contacts());
  final ObjectStore companies = new ObjectStore(ObjectType.COMPANIES, DefaultSchemas.companies());
  final AssociationStore associations = new AssociationStore();
  final EventStore events = new EventStore();
  final Map<Long, ListRecord> lists = new LinkedHashMap<>();
  long nextListId = 1;
  private RollingWindow searchWindow;

  Portal(long portalId) {
    this.portalId = portalId;
    DefaultSchemas.events(portalId).forEach(events::define);
  }

  ObjectStore store(ObjectType type) {
    return type == ObjectType.CONTACTS ? contacts : companies;
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

  /** A record deleted in HubSpot: gone from reads, unique indexes, associations and every list. */
  void delete(ObjectType type, CrmRecord r) {
    store(type).delete(r);
    associations.removeAll(type, r.id);
    for (ListRecord l : lists.values()) {
      if (l.objectTypeId.equals(type.typeId)) {
        l.members.remove(r.id);
      }
    }
  }

  /** HubSpot's contact merge: the merged record's id, associations and list memberships move to the primary. */
  void merge(ObjectType type, CrmRecord primary, CrmRecord merged, long now) {
    store(type).merge(primary, merged, now);
    associations.rehome(type, merged.id, primary.id);
    for (ListRecord l : lists.values()) {
      if (l.objectTypeId.equals(type.typeId) && l.members.remove(merged.id) != null) {
        l.members.putIfAbsent(primary.id, now);
      }
    }
  }
}
