package io.hsdest.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.mapping.Warning;
import io.hsdest.mapping.op.Association;
import io.hsdest.mapping.op.CompanyWrite;
import io.hsdest.mapping.op.ContactRef;
import io.hsdest.mapping.op.ContactWrite;
import io.hsdest.mapping.op.EventSend;
import io.hsdest.mapping.op.ListMembership;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The lanes of one engine, and where each operation goes once its dependencies are done. Ids an
 * operation needs (the contact of an event or association, the company of an association, a
 * list's id) are resolved here, from the steps it ran after or from remembered ids.
 */
final class Lanes {
  private static final long PENDING_TTL_MS_DEFAULT = 72L * 3600 * 1000;

  private final DeliveryEngine engine;
  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  private final Map<String, Future<String>> listIds = new HashMap<>();
  /**
   * What the adoption search found for a group (the company to adopt, or {@link #NO_MATCH}), kept
   * a while so that a request resent after a timeout does not search again.
   */
  final com.github.benmanes.caffeine.cache.Cache<String, String> adoptionDecisions = com.github.benmanes.caffeine.cache.Caffeine
      .newBuilder().maximumSize(100_000).expireAfterWrite(java.time.Duration.ofMinutes(10)).build();
  static final String NO_MATCH = "";
  long pendingAssociationTtlMs = PENDING_TTL_MS_DEFAULT;

  Lanes(DeliveryEngine engine) {
    this.engine = engine;
  }

  Collection<Lane> all() {
    return lanes.values();
  }

  private Lane lane(String key, Supplier<LaneKind> kind) {
    return lanes.computeIfAbsent(key, k -> new Lane(k, kind.get()));
  }

  void route(OpTask t, long now) {
    engine.feeders.end(t);
    if (t.op instanceof ContactWrite cw) {
      String idProperty = cw.key().idProperty();
      if (t.claimCandidate != null) lane("contacts:claim:" + idProperty, () -> new ContactClaimLane(idProperty)).offer(t, now);
      else if (cw.key().isRecordId()) lane("contacts:update", () -> new RecordWriteLane.Contacts(false, null)).offer(t, now);
      else lane("contacts:upsert:" + idProperty, () -> new RecordWriteLane.Contacts(true, idProperty)).offer(t, now);
    } else if (t.op instanceof EventSend e) {
      event(t, e, now);
    } else if (t.op instanceof CompanyWrite c) {
      company(t, c, now);
    } else if (t.op instanceof Association a) {
      association(t, a, now);
    } else if (t.op instanceof ListMembership l) {
      list(t, l, now);
    }
  }

  /** An event without objectId takes the contact remembered for its userId (its contact write has run by now). */
  private void event(OpTask t, EventSend e, long now) {
    if (e.objectId() == null && e.userId() != null) {
      String id = engine.ids.contactByUser(e.userId());
      if (id != null) t.op = e = e.withObjectId(id);
    }
    String userIdProperty = engine.settings.userIdProperty();
    if (e.email() == null && e.utk() == null && e.objectId() == null && e.userId() != null && userIdProperty != null
        && !t.contactLookedUp) {
      lane("contacts:lookup:" + userIdProperty, () -> new ContactLookupLane(userIdProperty)).offer(t, now);
      engine.feeders.start(t, Feeders.Category.EVENTS); // the event goes on to the events lane once its contact is found
      return;
    }
    if (e.email() == null && e.utk() == null && e.objectId() == null) {
      engine.fail(t, "MISSING_IDENTIFIER", "no email or hubspotutk, and no HubSpot contact is known for userId "
          + e.userId() + " yet (identify the user with an email first)");
      return;
    }
    lane("events", EventLane::new).offer(t, now);
  }

  private void company(OpTask t, CompanyWrite c, long now) {
    String idProperty = c.idProperty();
    if (c.recordId() != null) {
      lane("companies:update", () -> new RecordWriteLane.Companies(false, idProperty)).offer(t, now);
    } else if (!t.adoptionDone && mayAdopt(c)) {
      String decided = adoptionDecisions.getIfPresent(c.groupId());
      if (decided != null) {
        t.adoptionDone = true;
        if (!decided.isEmpty()) t.op = c = c.withRecordId(decided);
        route(t, now);
        return;
      }
      lane("companies:adopt:" + idProperty, () -> new CompanyAdoptionLane(idProperty)).offer(t, now);
      engine.feeders.start(t, Feeders.Category.COMPANIES); // the company write goes on to the upsert lane after the search
    } else {
      lane("companies:upsert:" + idProperty, () -> new RecordWriteLane.Companies(true, idProperty)).offer(t, now);
    }
  }

  /** A group this server has not written yet, with a domain to look for, when adoption is on. */
  private boolean mayAdopt(CompanyWrite c) {
    return c.adoptByDomain() && c.domain() != null && c.recordId() == null && engine.ids.companyByGroup(c.groupId()) == null;
  }

  /** A group that will wait for the adoption search: it may adopt, and no search decided it yet. */
  boolean needsAdoptionSearch(CompanyWrite c) {
    return mayAdopt(c) && adoptionDecisions.getIfPresent(c.groupId()) == null;
  }

  /** Groups waiting for the adoption search (for admission: the search API allows a few calls a second). */
  int waitingForAdoptionSearch() {
    int n = 0;
    for (Lane l : lanes.values()) if (l.kind instanceof CompanyAdoptionLane) n += l.size();
    return n;
  }

  private void association(OpTask t, Association a, long now) {
    if (t.companyId == null) t.companyId = recordOf(t, CompanyWrite.class);
    if (t.companyId == null) t.companyId = engine.ids.companyByGroup(a.groupId());
    if (t.contactId == null) t.contactId = contactOf(t, a.contact());
    if (t.companyId == null) {
      engine.fail(t, "ASSOCIATION_COMPANY_UNKNOWN", "the company " + a.groupId() + " was not written, so the contact"
          + " could not be associated with it");
      return;
    }
    if (t.contactId == null) {
      pend(t, a);
      return;
    }
    Integer type = a.associationTypeId();
    lane("associations:" + (type == null ? "default" : type), () -> new AssociationLane(type)).offer(t, now);
  }

  /**
   * The user's contact is not known yet: keep the association on disk and make it when the
   * contact is written. The message is answered only once the promise is durable.
   */
  private void pend(OpTask t, Association a) {
    if (engine.pendingAssociations == null || a.contact().userId() == null) {
      engine.fail(t, "ASSOCIATION_CONTACT_UNRESOLVED", "no contact is known for this user, and there is no email or"
          + " userIdProperty to find it by; identify the user with an email");
      return;
    }
    var entry = new PendingAssociations.Entry(a.contact().userId(), t.companyId, a.associationTypeId(),
        engine.now() + pendingAssociationTtlMs);
    engine.pendingAssociations.add(entry).onComplete(ar -> engine.onContext(() -> {
      if (ar.succeeded()) {
        engine.complete(t, List.of(Warning.of("ASSOCIATION_PENDING", null, "the contact of user " + a.contact().userId()
            + " is not known yet; the association with company " + t.companyId + " is made when that contact is written")),
            null);
      } else {
        engine.fail(t, "ASSOCIATION_NOT_KEPT", "the association could not be stored for later: " + ar.cause().getMessage());
      }
    }));
  }

  /** A contact was written for this userId: make the associations that waited for it. */
  void contactKnown(String userId, String contactId) {
    if (userId == null || engine.pendingAssociations == null) return;
    for (PendingAssociations.Entry entry : engine.pendingAssociations.forUser(userId)) {
      OpTask t = new OpTask(null, new Association(new ContactRef(userId, null, null), null, null, entry.associationTypeId()), false);
      t.contactId = contactId;
      t.companyId = entry.companyId();
      t.pendingEntry = entry;
      engine.startInternal(t);
    }
  }

  private void list(OpTask t, ListMembership l, long now) {
    if (t.contactId == null) t.contactId = contactOf(t, l.contact());
    if (t.contactId == null) {
      engine.fail(t, "LIST_CONTACT_UNKNOWN", "the contact for list " + l.listName() + " is not known");
      return;
    }
    listId(l.listName()).onComplete(ar -> engine.onContext(() -> {
      if (!t.live()) return;
      if (ar.failed()) {
        engine.fail(t, "LIST_UNAVAILABLE", ar.cause().getMessage());
        return;
      }
      String id = ar.result();
      lane("lists:" + id, () -> new ListMembershipLane(id)).offer(t, engine.now());
      engine.schedulePump();
    }));
  }

  /** The list's id by name (cached); a missing list is created as MANUAL. Failures are not cached. */
  private Future<String> listId(String name) {
    Future<String> cached = listIds.get(name);
    if (cached != null && !cached.failed()) return cached;
    Future<String> f = engine.paced.call(engine.calls.listByName(name)).compose(r -> {
      if (r.isSuccess()) return manualList(r.json(), name);
      if (r.status() == 404 || (r.status() == 400 && String.valueOf(HubSpotError.of(r).message()).contains("does not exist"))) {
        Map<String, Object> body = Map.of("name", name, "objectTypeId", "0-1", "processingType", "MANUAL");
        return engine.paced.call(engine.calls.createList(body)).compose(c -> c.isSuccess() ? manualList(c.json(), name)
            : Future.failedFuture("creating list " + name + " failed: " + HubSpotError.of(c).describe()));
      }
      return Future.failedFuture("reading list " + name + " failed: " + HubSpotError.of(r).describe());
    });
    listIds.put(name, f);
    return f;
  }

  private static Future<String> manualList(JsonNode json, String name) {
    JsonNode list = json.has("list") ? json.path("list") : json;
    String type = list.path("processingType").asText("MANUAL");
    if (!type.equals("MANUAL") && !type.equals("SNAPSHOT")) {
      return Future.failedFuture("list " + name + " is " + type + "; audience sync needs a MANUAL list (LIST_NOT_MANUAL)");
    }
    return Future.succeededFuture(list.path("listId").asText());
  }

  /** The record id written by a step this one ran after, of the given kind. */
  private static String recordOf(OpTask t, Class<?> kind) {
    for (OpTask p : t.prerequisites) if (kind.isInstance(p.op) && p.recordId != null) return p.recordId;
    return null;
  }

  private String contactOf(OpTask t, ContactRef ref) {
    String id = recordOf(t, ContactWrite.class);
    if (id == null) id = engine.ids.contactByUser(ref.userId());
    if (id == null) id = engine.ids.contactByEmail(ref.email());
    return id;
  }
}
