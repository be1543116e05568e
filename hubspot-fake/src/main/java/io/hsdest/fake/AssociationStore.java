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
 * (contact->company 279 / company->contact 280, primary 1 / 2, deal->contact 3 / 4, deal->company 341 / 342,
 * deal->primary company 5 / 6; DOC-ASSOC table). Adding an edge twice changes
 * nothing, which is what makes association writes idempotent. Event loop only.
 */
final class AssociationStore {
  record Node(ObjectType type, long id) {
  }

  private final Map<Node, EnumMap<ObjectType, Map<Long, Set<Integer>>>> edges = new HashMap<>();

  /** HUBSPOT_DEFINED type ids per direction, the unlabelled default first (DOC-ASSOC table). */
  private static final Map<ObjectType, Map<ObjectType, List<Integer>>> DEFINED = Map.of(
      ObjectType.CONTACTS, Map.of(ObjectType.COMPANIES, List.of(279, 1), ObjectType.CONTACTS, List.of(449),
          ObjectType.DEALS, List.of(4)),
      ObjectType.COMPANIES, Map.of(ObjectType.CONTACTS, List.of(280, 2), ObjectType.COMPANIES, List.of(450),
          ObjectType.DEALS, List.of(342, 6)),
      ObjectType.DEALS, Map.of(ObjectType.CONTACTS, List.of(3), ObjectType.COMPANIES, List.of(341, 5),
          ObjectType.DEALS, List.of(451)));
  private static final Map<Integer, Integer> INVERSE = Map.of(279, 280, 280, 279, 1, 2, 2, 1, 3, 4, 4, 3,
      341, 342, 342, 341, 5, 6, 6, 5);
  private static final Set<Integer> PRIMARY = Set.of(1, 2, 5, 6);

  static int defaultType(ObjectType from, ObjectType to) {
    return DEFINED.get(from).get(to).get(0);
  }

  static int inverse(int typeId) {
    return INVERSE.getOrDefault(typeId, typeId);
  }

  /** The HUBSPOT_DEFINED type ids valid from one type to another. */
  static Set<Integer> hubspotDefined(ObjectType from, ObjectType to) {
    return Set.copyOf(DEFINED.get(from).get(to));
  }

  static String category(int typeId) {
    for (Map<ObjectType, List<Integer>> byTo : DEFINED.values()) {
      for (List<Integer> ids : byTo.values()) {
        if (ids.contains(typeId)) {
          return "HUBSPOT_DEFINED";
        }
      }
    }
    return "USER_DEFINED";
  }

  static String label(int typeId) {
    return PRIMARY.contains(typeId) ? "Primary" : null;
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

  /** Removes every association type between two records (both directions); true if there was one. */
  boolean remove(ObjectType from, long fromId, ObjectType to, long toId) {
    boolean removed = targets(new Node(from, fromId), to).remove(toId) != null;
    targets(new Node(to, toId), from).remove(fromId);
    return removed;
  }

  /** Removes every edge of a record (archived); returns the records it was associated with. */
  List<Node> removeAll(ObjectType type, long id) {
    List<Node> others = new ArrayList<>();
    EnumMap<ObjectType, Map<Long, Set<Integer>>> old = edges.remove(new Node(type, id));
    if (old != null) {
      old.forEach((otherType, targets) -> targets.keySet().forEach(otherId -> {
        targets(new Node(otherType, otherId), type).remove(id);
        others.add(new Node(otherType, otherId));
      }));
    }
    return others;
  }

  /**
   * Moves every edge of a merged-away record onto the record it was merged into; returns the records whose
   * associations changed (the one merged into and every record it gained).
   */
  List<Node> rehome(ObjectType type, long fromId, long intoId) {
    List<Node> changed = new ArrayList<>();
    EnumMap<ObjectType, Map<Long, Set<Integer>>> old = edges.remove(new Node(type, fromId));
    if (old == null) {
      return changed;
    }
    changed.add(new Node(type, intoId));
    old.forEach((otherType, targets) -> targets.forEach((otherId, typeIds) -> {
      Map<Long, Set<Integer>> back = edges.get(new Node(otherType, otherId)).get(type);
      back.remove(fromId);
      changed.add(new Node(otherType, otherId));
      typeIds.forEach(t -> {
        if (!(otherType == type && otherId == intoId)) {
          add(type, intoId, otherType, otherId, t);
        }
      });
    }));
    return changed;
  }

  List<Association> all() {
    List<Association> out = new ArrayList<>();
    edges.forEach((node, byType) -> byType.forEach((toType, targets) -> targets.forEach((toId, types) ->
        out.add(new Association(node.type().plural, Long.toString(node.id()), toType.plural, Long.toString(toId),
            Set.copyOf(types))))));
    return out;
  }

  private Map<Long, Set<Integer>> targets(Node from, ObjectType to) {
    EnumMap<ObjectType, Map<Long, Set<Integer>>> byType = edges.get(from);
    Map<Long, Set<Integer>> m = byType == null ? null : byType.get(to);
    return m == null ? new HashMap<>() : m;
  }

  private Set<Integer> side(Node from, ObjectType to, long toId) {
    return edges.computeIfAbsent(from, k -> new EnumMap<>(ObjectType.class))
        .computeIfAbsent(to, k -> new LinkedHashMap<>())
        .computeIfAbsent(toId, k -> new TreeSet<>());
  }
}
