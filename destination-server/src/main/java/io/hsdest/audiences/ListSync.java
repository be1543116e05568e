package io.hsdest.audiences;

import io.hsdest.audiences.Identities.Judged;
import io.hsdest.audiences.ListDirectory.Bound;
import io.hsdest.audiences.Memberships.Applied;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Makes a list hold what a sync says. A full sync reads the list's members from HubSpot and applies only the
 * difference; an incremental one applies its adds and removes (a contact both added and removed by one request is
 * removed: the request cannot say which came last, and leaving someone out of a marketing list is the mistake
 * that sends no unwanted email). The list is bound first (so a list of that name that is not MANUAL stops the sync
 * before any contact is created), members are resolved next, memberships changed last; a bound list HubSpot
 * says is gone is made again once, and the report says so. Syncs of one list run one after the other.
 */
final class ListSync {
  private final ListDirectory directory;
  private final MemberResolver resolver;
  private final Memberships memberships;
  private final AudienceSettings settings;
  private final Clock clock;
  private final Map<String, Future<?>> tails = new HashMap<>();

  ListSync(ListDirectory directory, MemberResolver resolver, Memberships memberships, AudienceSettings settings, Clock clock) {
    this.directory = directory;
    this.resolver = resolver;
    this.memberships = memberships;
    this.settings = settings;
    this.clock = clock;
  }

  /** Afterwards the list holds exactly the contacts of {@code members} (those HubSpot could identify). */
  Future<SyncReport> replace(String listName, Judged members) {
    return serialized(listName, () -> directory.bind(listName).compose(bound ->
        resolver.resolve(members.members(), settings.createMissingContacts()).compose(found ->
            replaceOn(listName, bound, members, found, bound.replacedGone()))));
  }

  private Future<SyncReport> replaceOn(String name, Bound bound, Judged members, Resolution found, boolean recreated) {
    Future<Set<String>> current = bound.created() ? Future.succeededFuture(Set.of()) : memberships.read(bound.listId());
    Set<String> desired = found.byRecord().keySet();
    return current.compose(now -> {
      List<String> toAdd = new ArrayList<>();
      for (String id : desired) if (!now.contains(id)) toAdd.add(id);
      List<String> toRemove = new ArrayList<>();
      for (String id : now) if (!desired.contains(id)) toRemove.add(id);
      return memberships.change(bound.listId(), toAdd, toRemove).map(applied -> {
        int unchanged = desired.size() - toAdd.size() + notApplied(toAdd, applied.added(), applied.missing());
        return report(bound, name, applied, found.createdContacts(), unchanged, dropped(members, found, applied), recreated);
      });
    }).recover(e -> whenGone(e, recreated, name, b -> replaceOn(name, b, members, found, true)));
  }

  /** Adds and removes; a contact named by both is removed. */
  Future<SyncReport> change(String listName, Judged adds, Judged removes) {
    return serialized(listName, () -> directory.bind(listName).compose(bound ->
        resolver.resolve(adds.members(), settings.createMissingContacts()).compose(toAdd ->
            resolver.resolve(removes.members(), false).compose(toRemove ->
                changeOn(listName, bound, adds, removes, toAdd, toRemove, bound.replacedGone())))));
  }

  private Future<SyncReport> changeOn(String name, Bound bound, Judged adds, Judged removes, Resolution toAdd,
      Resolution toRemove, boolean recreated) {
    Set<String> removing = toRemove.byRecord().keySet();
    List<String> adding = new ArrayList<>();
    for (String id : toAdd.byRecord().keySet()) if (!removing.contains(id)) adding.add(id);
    List<String> removingList = new ArrayList<>(removing);
    return memberships.change(bound.listId(), adding, removingList).map(applied -> {
      int unchanged = notApplied(adding, applied.added(), applied.missing())
          + notApplied(removingList, applied.removed(), Set.of()) + toRemove.unknown().size();
      List<Dropped> dropped = dropped(adds, toAdd, applied);
      dropped.addAll(removes.dropped());
      return report(bound, name, applied, toAdd.createdContacts(), unchanged, dropped, recreated);
    }).recover(e -> whenGone(e, recreated, name, b -> changeOn(name, b, adds, removes, toAdd, toRemove, true)));
  }

  /** A bound list HubSpot says is gone is forgotten and made again, once per sync. */
  private Future<SyncReport> whenGone(Throwable e, boolean recreatedAlready, String name,
      java.util.function.Function<Bound, Future<SyncReport>> again) {
    if (!(e instanceof ListGone gone)) return Future.failedFuture(e);
    if (recreatedAlready) {
      return Future.failedFuture(new SyncFailure(503, "RETRY_LATER", "list " + name + " disappeared from HubSpot twice during "
          + "one sync; resend the request", 5));
    }
    directory.forget(gone.listId);
    return directory.bind(name).compose(again::apply);
  }

  /** Ids asked for that HubSpot neither changed nor called missing: they were as wanted already. */
  private static int notApplied(List<String> asked, Set<String> done, Set<String> missing) {
    int n = 0;
    for (String id : asked) if (!done.contains(id) && !missing.contains(id)) n++;
    return n;
  }

  /** The members not in the list: judged unusable, refused or unknown by HubSpot, or deleted meanwhile. */
  private static List<Dropped> dropped(Judged judged, Resolution found, Applied applied) {
    List<Dropped> out = new ArrayList<>(judged.dropped());
    out.addAll(found.refused());
    for (Member m : found.unknown()) out.add(Dropped.of(m, "CONTACT_NOT_FOUND", notFound(m)));
    for (String id : new LinkedHashSet<>(applied.missing())) {
      Member m = found.byRecord().get(id);
      if (m != null) out.add(Dropped.of(m, "CONTACT_NOT_FOUND", "contact " + id + " was deleted in HubSpot during the sync"));
    }
    out.sort(java.util.Comparator.comparingInt(Dropped::index));
    return out;
  }

  private static String notFound(Member m) {
    return switch (m.identity()) {
      case EMAIL -> "HubSpot has no contact with this email, and createMissingContacts is off";
      case USER_ID -> "HubSpot has no contact with this userId";
      case CONTACT_ID -> "HubSpot has no contact with this record id";
    };
  }

  private SyncReport report(Bound bound, String name, Applied applied, int created, int unchanged, List<Dropped> dropped,
      boolean recreated) {
    return new SyncReport(bound.listId(), name, applied.added().size(), applied.removed().size(), created, unchanged,
        dropped, recreated || (bound.created() && bound.replacedGone()), Instant.ofEpochMilli(clock.millis()).toString());
  }

  private synchronized <T> Future<T> serialized(String listName, Supplier<Future<T>> work) {
    String key = listName.toLowerCase(Locale.ROOT);
    Future<?> before = tails.getOrDefault(key, Future.succeededFuture());
    Promise<T> result = Promise.promise();
    Future<T> mine = result.future();
    tails.put(key, mine);
    before.onComplete(ignored -> {
      Future<T> f;
      try {
        f = work.get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(result);
    });
    mine.onComplete(ignored -> {
      synchronized (this) {
        if (tails.get(key) == mine) tails.remove(key);
      }
    });
    return mine;
  }
}
