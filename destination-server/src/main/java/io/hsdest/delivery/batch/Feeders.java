package io.hsdest.delivery.batch;

import io.hsdest.hubspot.Endpoint;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Operations on their way to a kind of lane but not in it yet: waiting for a step they run after
 * (an event for its contact, an association for its company), for the adoption search, or for a
 * call in flight for their record; and requests still in intake ({@link Arrivals}). Counted
 * by the time their request was taken, so that a lane can hold its batch for the dependents of
 * requests that arrived with the ones it holds: clients that wait for their answers then get them
 * together, send again together, and keep sharing calls instead of drifting apart.
 */
public final class Feeders {
  /** What a lane does; the operations on their way are counted by it. */
  public enum Category {
    CONTACTS, COMPANIES, EVENTS, ASSOCIATIONS, LISTS, COMPANY_SEARCHES, CONTACT_READS;

    /** The kind of lane an endpoint's calls are made by. */
    public static Category of(Endpoint endpoint) {
      return switch (endpoint) {
        case CONTACTS_UPSERT, CONTACTS_UPDATE -> CONTACTS;
        case COMPANIES_UPSERT, COMPANIES_UPDATE -> COMPANIES;
        case EVENTS_SEND, EVENTS_SEND_BATCH -> EVENTS;
        case ASSOCIATIONS_DEFAULT, ASSOCIATIONS_CREATE -> ASSOCIATIONS;
        case COMPANIES_SEARCH -> COMPANY_SEARCHES;
        case LISTS_MEMBERSHIPS -> LISTS;
        default -> CONTACT_READS;
      };
    }
  }

  private record Feeding(Category category, long admittedAt) {}

  private final Map<Category, TreeMap<Long, Integer>> byCategory = new EnumMap<>(Category.class);
  private final Map<Queued, Feeding> feeding = new IdentityHashMap<>();
  private final Arrivals arrivals = new Arrivals();

  /** Requests still in intake: work of any category may come from them. */
  public Arrivals arrivals() {
    return arrivals;
  }

  /** The work is on its way to this category of lane; work already counted moves to the new category. */
  public void start(Queued t, Category category) {
    end(t);
    long admittedAt = t.admittedAt(Long.MIN_VALUE);
    if (admittedAt == Long.MIN_VALUE) return; // internal work is not waited for
    feeding.put(t, new Feeding(category, admittedAt));
    byCategory.computeIfAbsent(category, c -> new TreeMap<>()).merge(admittedAt, 1, Integer::sum);
  }

  /** The work reached a lane, or is over; returns whether it was counted as on its way (a lane may hold for it). */
  public boolean end(Queued t) {
    Feeding f = feeding.remove(t);
    if (f == null) return false;
    byCategory.get(f.category).computeIfPresent(f.admittedAt, (k, n) -> n == 1 ? null : n - 1);
    return true;
  }

  /**
   * Whether work of this category from a request taken at or before {@code admittedAt} is still on its way, or a
   * request that came to intake by then is still being read and mapped.
   */
  boolean anyUpTo(Category category, long admittedAt) {
    TreeMap<Long, Integer> m = byCategory.get(category);
    return m != null && !m.isEmpty() && m.firstKey() <= admittedAt || arrivals.anyUpTo(admittedAt);
  }
}
