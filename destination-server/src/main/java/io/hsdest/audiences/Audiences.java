package io.hsdest.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.audiences.Identities.Judged;
import io.hsdest.config.DestinationSettings;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.store.KeyValueStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One destination's audience and cohort sync: full snapshots, incremental changes and Amplitude cohort messages
 * become memberships of MANUAL HubSpot lists named {@code listNamePrefix + name}, each sync answered with its
 * report. Every HubSpot call goes through the destination's paced client, so audience syncs share the token's
 * budget with delivery. A dry-run destination (no token) says what would be done and calls nothing.
 *
 * <p>Thread-safe; syncs of one list run one after the other.
 */
public final class Audiences {
  private static final int MAX_KEY_LENGTH = 200;

  private final Vertx vertx;
  private final String destinationId;
  private final AudienceSettings settings;
  private final HubSpotApi hubspot;
  private final Calls calls;
  private final ListDirectory lists;
  private final ListSync sync;
  private final Identities identities;
  private final AudienceRecords records;
  private final CohortMessages messages;
  private final AudienceMetrics metrics;
  private final Clock clock;
  private final AtomicLong syncsOk = new AtomicLong();
  private final AtomicLong syncsFailed = new AtomicLong();
  private final AtomicReference<Map<String, Object>> last = new AtomicReference<>();

  /**
   * @param vertx for the worker threads that judge large snapshots
   * @param pacedHubSpot the destination's client that waits for the token's rate budget (one budget per token)
   * @param store where list bindings, audience records and applied cohort messages are kept
   */
  public Audiences(Vertx vertx, String destinationId, DestinationSettings settings, HubSpotApi pacedHubSpot, Calls calls,
      KeyValueStore store, MeterRegistry metrics, Clock clock) {
    this.vertx = vertx;
    this.destinationId = destinationId;
    this.settings = AudienceSettings.of(settings);
    this.hubspot = pacedHubSpot;
    this.calls = calls;
    this.clock = clock;
    this.lists = new ListDirectory(pacedHubSpot, calls, store, this.settings.portalId(), clock);
    this.sync = new ListSync(lists, new MemberResolver(pacedHubSpot, calls, this.settings), new Memberships(pacedHubSpot, calls),
        this.settings, clock);
    this.identities = new Identities(this.settings);
    this.records = new AudienceRecords(store, this.settings.portalId());
    this.messages = new CohortMessages(store, destinationId, clock);
    this.metrics = new AudienceMetrics(metrics, destinationId);
  }

  /** The list machinery, also for Engage audiences on identify/track ({@code listId(name)}, {@code forget(listId)}). */
  public ListDirectory lists() {
    return lists;
  }

  String destinationId() {
    return destinationId;
  }

  /** A full snapshot: afterwards the list holds exactly these members. */
  Future<Map<String, Object>> snapshot(String audienceKey, Payloads.Snapshot body) {
    checkKey(audienceKey);
    String listName = settings.listNamePrefix() + (body.name() != null ? body.name() : storedName(audienceKey));
    return judged(body.members()).compose(members -> settings.dryRun() ? Future.succeededFuture(dryRun(listName, members, null))
        : track("full", audienceKey, sync.replace(listName, members)).map(SyncReport::toJson));
  }

  /** Incremental: these members added, those removed. */
  Future<Map<String, Object>> changes(String audienceKey, Payloads.Changes body) {
    checkKey(audienceKey);
    String listName = settings.listNamePrefix() + storedName(audienceKey);
    return judged(body.add()).compose(adds -> judged(body.remove()).compose(removes -> settings.dryRun()
        ? Future.succeededFuture(dryRun(listName, adds, removes))
        : track("incremental", audienceKey, sync.change(listName, adds, removes)).map(SyncReport::toJson)));
  }

  /** An Amplitude cohort message: its users added ({@code in_cohort} true) or removed, once per {@code message_id}. */
  Future<Map<String, Object>> cohort(Payloads.Cohort body) {
    String listName = settings.listNamePrefix() + body.cohortName();
    String audienceKey = body.cohortId() == null ? null : "amplitude-" + body.cohortId();
    Judged none = new Judged(List.of(), List.of());
    return judged(body.users()).compose(users -> {
      Judged adds = body.inCohort() ? users : none;
      Judged removes = body.inCohort() ? none : users;
      if (settings.dryRun()) return Future.succeededFuture(dryRun(listName, adds, removes));
      return messages.once(body.messageId(), () -> track("cohort", audienceKey, sync.change(listName, adds, removes)));
    });
  }

  /** Judging a large snapshot (email rules for each member) is CPU work: done on a worker, not an event loop. */
  private Future<Judged> judged(List<Candidate> candidates) {
    if (candidates.size() < 1_000) return Future.succeededFuture(identities.judge(candidates));
    return vertx.executeBlocking(() -> identities.judge(candidates), false);
  }

  /** {@code {"audienceKey","listId","listName","members","lastSync"}}, the list as HubSpot has it now; null when unknown. */
  Future<Map<String, Object>> describe(String audienceKey) {
    checkKey(audienceKey);
    JsonNode record = records.get(audienceKey);
    if (record == null) return Future.succeededFuture(null);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("audienceKey", audienceKey);
    out.put("listId", record.path("listId").asText(null));
    out.put("listName", record.path("listName").asText(null));
    out.put("members", null);
    out.put("lastSync", AudienceRecords.asMap(record.path("lastSync")));
    String listId = record.path("listId").asText(null);
    if (settings.dryRun() || listId == null) return Future.succeededFuture(out);
    return Answers.to(hubspot, calls.listById(listId), "reading list " + listId).compose(r -> {
      if (r.isSuccess()) {
        JsonNode list = r.json().path("list");
        out.put("listName", list.path("name").asText(null)); // HubSpot's name: a rename there shows here
        out.put("members", list.path("size").asLong());
      } else if (r.status() == 404) {
        out.put("members", 0);
        out.put("listMissing", "the list was deleted in HubSpot; the next sync creates it again");
      } else {
        return Future.failedFuture(SyncFailure.of(r, "reading list " + listId));
      }
      return Future.succeededFuture(out);
    });
  }

  /** For /status: lists bound, audiences known, syncs since start, the latest sync. */
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("listsBound", lists.boundLists());
    s.put("audiences", records.count());
    s.put("cohortMessagesKept", messages.kept());
    s.put("syncsSinceStart", syncsOk.get());
    s.put("failedSyncsSinceStart", syncsFailed.get());
    s.put("lastSync", last.get());
    return s;
  }

  private Future<SyncReport> track(String kind, String audienceKey, Future<SyncReport> running) {
    return running.onSuccess(report -> {
      syncsOk.incrementAndGet();
      metrics.synced(kind, report);
      if (audienceKey != null) records.synced(audienceKey, report);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("kind", kind);
      summary.put("audienceKey", audienceKey);
      summary.put("listId", report.listId());
      summary.put("listName", report.listName());
      summary.put("added", report.added());
      summary.put("removed", report.removed());
      summary.put("createdContacts", report.createdContacts());
      summary.put("dropped", report.dropped().size());
      summary.put("at", report.syncedAt());
      last.set(summary);
    }).onFailure(e -> {
      syncsFailed.incrementAndGet();
      metrics.failed(kind, e instanceof SyncFailure f ? f.code : "ERROR");
    });
  }

  /** The list name an audience was last synced under (without prefix), else its key. */
  private String storedName(String audienceKey) {
    JsonNode record = records.get(audienceKey);
    String full = record == null ? null : record.path("listName").asText(null);
    return full != null && full.startsWith(settings.listNamePrefix()) ? full.substring(settings.listNamePrefix().length()) : audienceKey;
  }

  private static void checkKey(String audienceKey) {
    if (audienceKey == null || audienceKey.isBlank() || audienceKey.length() > MAX_KEY_LENGTH
        || audienceKey.chars().anyMatch(Character::isISOControl)) {
      throw new io.hsdest.ingest.IngestError(400, "INVALID_AUDIENCE_KEY",
          "the audience key must be 1 to " + MAX_KEY_LENGTH + " printable characters");
    }
  }

  /** What a sync would do, for a destination without a token: nothing is sent, nothing is written. */
  private Map<String, Object> dryRun(String listName, Judged adds, Judged removes) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("success", true);
    o.put("dryRun", true);
    o.put("listId", null);
    o.put("listName", listName);
    o.put("added", 0);
    o.put("removed", 0);
    o.put("createdContacts", 0);
    o.put("unchanged", 0);
    o.put("wouldAdd", adds.members().size());
    if (removes != null) o.put("wouldRemove", removes.members().size());
    List<Object> dropped = new ArrayList<>();
    adds.dropped().forEach(d -> dropped.add(d.toJson()));
    if (removes != null) removes.dropped().forEach(d -> dropped.add(d.toJson()));
    o.put("dropped", dropped);
    List<String> plan = new ArrayList<>();
    plan.add("find the MANUAL contact list \"" + listName + "\" by name, or create it");
    List<Member> all = new ArrayList<>(adds.members());
    if (removes != null) all.addAll(removes.members());
    for (Identity identity : Identity.values()) {
      long n = all.stream().filter(m -> m.identity() == identity).count();
      if (n == 0) continue;
      String by = switch (identity) {
        case EMAIL -> "email";
        case USER_ID -> "userId (" + settings.userIdProperty() + ")";
        case CONTACT_ID -> "record id";
      };
      plan.add("read " + n + " contacts by " + by + " in " + calls(n, Endpoint.CONTACTS_READ.maxInputs) + " batch call(s)"
          + (identity == Identity.EMAIL && settings.createMissingContacts() ? ", creating the ones HubSpot does not know" : ""));
    }
    plan.add(removes == null
        ? "read the list's members and apply only the difference, in add-and-remove calls of up to "
            + Endpoint.LISTS_MEMBERSHIPS.maxInputs + " record ids"
        : "add and remove them in add-and-remove calls of up to " + Endpoint.LISTS_MEMBERSHIPS.maxInputs + " record ids");
    o.put("plan", plan);
    o.put("syncedAt", Instant.ofEpochMilli(clock.millis()).toString());
    return o;
  }

  private static long calls(long n, int perCall) {
    return (n + perCall - 1) / perCall;
  }
}
