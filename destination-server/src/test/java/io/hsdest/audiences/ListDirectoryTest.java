package io.hsdest.audiences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsdest.fake.CallRecord;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.fake.ScriptedResponse;
import io.hsdest.hubspot.ApiVersions;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.HttpHubSpotApi;
import io.hsdest.store.LocalKeyValueStore;
import io.hsdest.store.LocalStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The list machinery Engage audiences share with cohort sync: {@code listId(name)} finds or creates the MANUAL list
 * once for any number of concurrent callers, binds it by id, checks the binding against HubSpot now and then with a
 * clock the test moves, and {@code forget(listId)} after HubSpot says the list is gone.
 */
class ListDirectoryTest {
  private Vertx vertx;
  private FakeHubSpot fake;
  private LocalStore store;
  private HttpHubSpotApi api;
  private final MovableClock clock = new MovableClock();
  private ListDirectory lists;

  static final class MovableClock extends Clock {
    volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    fake = FakeHubSpot.start(vertx, 0);
    store = LocalStore.inMemory();
    api = new HttpHubSpotApi(vertx, null, fake.baseUrl(), FakeHubSpot.DEFAULT_TOKEN, 10_000, new SimpleMeterRegistry());
    lists = new ListDirectory(api, new Calls(ApiVersions.DEFAULT), new LocalKeyValueStore(store), "123456", clock);
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private List<String> calls() {
    return fake.calls().stream().map(CallRecord::endpoint).toList();
  }

  @Test
  void concurrentCallersShareOneLookupAndOneCreation() throws Exception {
    List<Future<String>> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) all.add(lists.listId(i % 2 == 0 ? "cdp_vip" : "CDP_VIP"));
    for (Future<String> f : all) assertThat(await(f)).isEqualTo("1");
    assertThat(calls()).containsExactly("GET /crm/v3/lists/object-type-id/{objectTypeId}/name/{listName}", "POST /crm/v3/lists");
    assertThat(fake.portal().list("cdp_vip").orElseThrow().processingType()).isEqualTo("MANUAL");
    assertThat(await(lists.listId("cdp_vip"))).isEqualTo("1");
    assertThat(calls()).hasSize(2);
  }

  @Test
  void aBindingIsCheckedAgainstHubSpotNowAndThenAndARenameChangesNothing() throws Exception {
    String id = await(lists.listId("cdp_renamed"));
    fake.portal().createContact(java.util.Map.of("email", "x@y.co"));
    put("/crm/v3/lists/" + id + "/update-list-name?listName=Something%20else");
    clock.now = clock.now.plus(Duration.ofMinutes(ListDirectory.VERIFY_MINUTES + 1));
    int before = calls().size();
    assertThat(await(lists.listId("cdp_renamed"))).isEqualTo(id);
    assertThat(calls().subList(before, calls().size())).containsExactly("GET /crm/v3/lists/{listId}");
    assertThat(fake.portal().list("cdp_renamed")).isEmpty();
  }

  @Test
  void aForgottenListIsFoundOrMadeAgain() throws Exception {
    String id = await(lists.listId("cdp_gone"));
    fake.portal().listById(id).orElseThrow();
    delete("/crm/v3/lists/" + id);
    lists.forget(id);
    String again = await(lists.listId("cdp_gone"));
    assertThat(again).isNotEqualTo(id);
    assertThat(fake.portal().list("cdp_gone").orElseThrow().listId()).isEqualTo(again);
    assertThat(lists.boundLists()).isEqualTo(1);
  }

  @Test
  void aListDeletedWhileBoundIsNoticedAtTheNextCheckAndMadeAgain() throws Exception {
    String id = await(lists.listId("cdp_checked"));
    delete("/crm/v3/lists/" + id);
    clock.now = clock.now.plus(Duration.ofHours(1));
    ListDirectory.Bound bound = await(lists.bind("cdp_checked"));
    assertThat(bound.listId()).isNotEqualTo(id);
    assertThat(bound.created()).isTrue();
    assertThat(bound.replacedGone()).isTrue();
    assertThat(await(lists.bind("cdp_checked")).created()).as("only the caller that created it learns so").isFalse();
  }

  @Test
  void aListNotManualIsAnErrorNamingItAndIsNotCached() throws Exception {
    fake.portal().createList("cdp_dynamic", "SNAPSHOT", List.of());
    assertThatThrownBy(() -> await(lists.listId("cdp_dynamic"))).isInstanceOf(SyncFailure.class)
        .hasMessageContaining("\"cdp_dynamic\"").hasMessageContaining("SNAPSHOT, not MANUAL")
        .satisfies(e -> assertThat(((SyncFailure) e).status).isEqualTo(409));
    assertThatThrownBy(() -> await(lists.listId("cdp_dynamic"))).isInstanceOf(SyncFailure.class);
    assertThat(calls()).hasSize(2);
  }

  @Test
  void aListCreatedBySomeoneElseBetweenLookupAndCreationIsTaken() throws Exception {
    String theirs = fake.portal().createList("cdp_race", "MANUAL", List.of()).listId();
    fake.script(ScriptedResponse.of("GET", "/crm/v3/lists/object-type-id/0-1/name/cdp_race", 1, 404,
        "{\"status\":\"error\",\"message\":\"List does not exist with name cdp_race and object type ID 0-1.\","
            + "\"category\":\"OBJECT_NOT_FOUND\"}"));
    assertThat(await(lists.listId("cdp_race"))).isEqualTo(theirs);
    assertThat(calls()).containsExactly("GET /crm/v3/lists/object-type-id/{objectTypeId}/name/{listName}", "POST /crm/v3/lists",
        "GET /crm/v3/lists/object-type-id/{objectTypeId}/name/{listName}");
  }

  @Test
  void aNameHeldByAListOfAnotherObjectTypeIsAClearError() throws Exception {
    fake.script(ScriptedResponse.of("POST", "/crm/v3/lists", 1, 400, "{\"status\":\"error\",\"message\":\"A list named "
        + "'cdp_companies' already exists.\",\"category\":\"VALIDATION_ERROR\",\"subCategory\":\"ILS.DUPLICATE_LIST_NAMES\"}"));
    assertThatThrownBy(() -> await(lists.listId("cdp_companies"))).isInstanceOf(SyncFailure.class)
        .hasMessageContaining("not a contact list");
  }

  private void put(String path) {
    call("PUT", path);
  }

  private void delete(String path) {
    call("DELETE", path);
  }

  private void call(String method, String path) {
    try {
      var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(fake.baseUrl() + path))
          .header("Authorization", "Bearer " + FakeHubSpot.DEFAULT_TOKEN).method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
