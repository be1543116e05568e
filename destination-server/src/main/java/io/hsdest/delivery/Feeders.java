package io.hsdest.delivery;

import io.hsdest.mapping.op.Association;
import io.hsdest.mapping.op.CompanyWrite;
import io.hsdest.mapping.op.ContactWrite;
import io.hsdest.mapping.op.EventSend;
import io.hsdest.mapping.op.Operation;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Operations on their way to a kind of lane but not in it yet: waiting for a step they run after
 * (an event for its contact, an association for its company), or for the adoption search. Counted
 * by the time their request was taken, so that a lane can hold its batch for the dependents of
 * requests that arrived with the ones it holds: clients that wait for their answers then get them
 * together, send again together, and keep sharing calls instead of drifting apart.
 */
final class Feeders {
  /** What a lane does ({@link LaneKind#category}); the operations on their way are counted by it. */
  enum Category { CONTACTS, COMPANIES, EVENTS, ASSOCIATIONS, LISTS, COMPANY_SEARCHES, CONTACT_READS }

  private final Map<Category, TreeMap<Long, Integer>> byCategory = new EnumMap<>(Category.class);

  /** The kind of lane an operation is written by. */
  static Category categoryOf(Operation op) {
    if (op instanceof EventSend) return Category.EVENTS;
    if (op instanceof Association) return Category.ASSOCIATIONS;
    if (op instanceof CompanyWrite) return Category.COMPANIES;
    if (op instanceof ContactWrite) return Category.CONTACTS;
    return Category.LISTS;
  }

  /** The task is not in its lane yet; a task that was already counted moves to the new category. */
  void start(OpTask t, Category category) {
    end(t);
    if (t.message == null) return; // internal work is not waited for
    t.feeding = category;
    byCategory.computeIfAbsent(category, c -> new TreeMap<>()).merge(t.message.request.admittedAt, 1, Integer::sum);
  }

  /** The task reached a lane, or is over. */
  void end(OpTask t) {
    if (t.feeding == null) return;
    TreeMap<Long, Integer> m = byCategory.get(t.feeding);
    m.computeIfPresent(t.message.request.admittedAt, (k, n) -> n == 1 ? null : n - 1);
    t.feeding = null;
  }

  /** Whether a task of this category from a request taken at or before {@code admittedAt} is still on its way. */
  boolean anyUpTo(Category category, long admittedAt) {
    TreeMap<Long, Integer> m = byCategory.get(category);
    return m != null && !m.isEmpty() && m.firstKey() <= admittedAt;
  }
}
