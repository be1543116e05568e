package io.hsdest.fake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Associations between records as a set of typed edges, stored in both directions with HubSpot's inverse type ids
 * (contact->company 279 / company->contact 280, primary 1 / 2; DOC-ASSOC table). Adding an edge twice changes
 * nothing, which is what makes association writes idempotent. Event loop only.
 */
final class AssociationStore {
  record Node(ObjectType type, long id) {
  }

  private final Map<Node, EnumMap<ObjectType, Map<Long, Set<Integer>>>> edges = new HashMap<>();

  static int defaultType(ObjectType from, ObjectType to) {
    if (from == ObjectType.CONTACTS) {
      return to == ObjectType.COMPANIES ? 279 : 449;
    }
    return to == ObjectType.CONTACTS ? 280 : 450;
  }

  static int inverse(int typeId) {
    switch (typeId) {
      case 279: return 280;
      case 280: return 279;
      case 1: return 2;
      case 2: return 1;
      default: return typeId;
    }
  }

  /** The HUBSPOT_DEFINED type ids valid from one type to another. */
  static Set<Integer> hubspotDefined(ObjectType from, ObjectType to) {
    if (from == ObjectType.CONTACTS) {
      return to == ObjectType.COMPANIES ? Set.of(279, 1) : Set.of(449);
    }
    return to == ObjectType.CONTACTS ? Set.of(280, 2) : Set.of(450);
  }

  static String category(int typeId) {
    return Set.of(1, 2, 279, 280, 449, 450).contains(typeId) ? "HUBSPOT_DEFINED" : "USER_DEFINED";
  }

  static String label(int typeId) {
    return typeId == 1 || typeId == 2 ? "Primary" : null;
  }

  /** Adds the edge and its inverse; returns true if it was new. */
  boolean add(ObjectType from, long fromId, ObjectType to, long toId, int typeId) {
    boolean added = side(new Node(from, fromId), to, toId).add(typeId);
    side(new Node(to, toId), from, fromId).add(inverse(typeId));
    return added;
  }

  /** toId -> type ids, in insertion order. */
  Map<Long, Set<Integer>> of(ObjectType from, long fromId, ObjectType to) {
    EnumMap<ObjectType, Map<Long, Set<Integer>>> byType = edges.get(new Node(from, fromId));
    Map<Long, Set<Integer>> m = byType == null ? null : byType.get(to);
    return m == null ? Collections.emptyMap() : m;
  }

  /** Moves every edge of a merged-away record onto the record it was merged into. */
  void rehome(ObjectType type, long fromId, long intoId) {
    EnumMap<ObjectType, Map<Long, Set<Integer>>> old = edges.remove(new Node(type, fromId));
    if (old == null) {
      return;
    }
    old.forEach((otherType, targets) -> targets.forEach((otherId, typeIds) -> {
      Map<Long, Set<Integer>> back = edges.get(new Node(otherType, otherId)).get(type);
      back.remove(fromId);
      typeIds.forEach(t -> {
        if (!(otherType == type && otherId == intoId)) {
          add(type, intoId, otherType, otherId, t);
        }
      });
    }));
  }

  /** Drops every edge of a deleted record, in both directions. */
  void removeAll(ObjectType type, long id) {
    EnumMap<ObjectType, Map<Long, Set<Integer>>> old = edges.remove(new Node(type, id));
    if (old != null) {
      old.forEach((otherType, targets) -> targets.keySet().forEach(otherId -> {
        EnumMap<ObjectType, Map<Long, Set<Integer>>> other = edges.get(new Node(otherType, otherId));
        if (other != null && other.get(type) != null) {
          other.get(type).remove(id);
        }
      }));
    }
  }

  List<Association> all() {
    List<Association> out = new ArrayList<>();
    edges.forEach((node, byType) -> byType.forEach((toType, targets) -> targets.forEach((toId, types) ->
        out.add(new Association(node.type().plural, Long.toString(node.id()), toType.plural, Long.toString(toId),
            Set.copyOf(types))))));
    return out;
  }

  private Set<Integer> side(Node from, ObjectType to, long toId) {
    return edges.computeIfAbsent(from, k -> new EnumMap<>(ObjectType.class))
        .computeIfAbsent(to, k -> new LinkedHashMap<>())
        .computeIfAbsent(toId, k -> new TreeSet<>());
  }
}
