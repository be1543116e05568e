package io.hsdest.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsdest.settings.SettingsSchema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The warehouse's small rules, one by one: cursors, value types, names, settings, secrets, backoff. */
class WarehouseRulesTest {
  static final long HOUR = 3_600_000L;

  @Test
  void aCursorStartsFullThenGoesIncrementalFromThePreviousStartLessTheOverlap() {
    Cursor first = Cursor.forRun(null, false, "1", 10 * HOUR, 600_000);
    assertThat(first.full()).isTrue();
    Cursor walking = first.after("700");
    // a failed run: the next run resumes the very same walk
    Cursor resumed = Cursor.forRun(walking.json(), false, "1", 12 * HOUR, 600_000);
    assertThat(resumed).isEqualTo(walking);
    String done = resumed.walked().finished().json();
    Cursor next = Cursor.forRun(done, false, "1", 13 * HOUR, 600_000);
    assertThat(next.full()).isFalse();
    assertThat(next.since()).as("the first walk's start, less the overlap; never past a run's start")
        .isEqualTo(10 * HOUR - 600_000);
    assertThat(next.walkStart()).isEqualTo(13 * HOUR);
    assertThat(next.afterId()).isNull();
  }

  @Test
  void aCursorIsOnlyAHintAnotherPortalOrARecreatedTableStartsOver() {
    String done = Cursor.forRun(null, false, "1", HOUR, 0).walked().finished().json();
    assertThat(Cursor.forRun(done, false, "2", 2 * HOUR, 0).full()).isTrue();
    assertThat(Cursor.forRun(done, true, "1", 2 * HOUR, 0).full()).isTrue();
    assertThat(Cursor.forRun("not json", false, "1", 2 * HOUR, 0).full()).isTrue();
  }

  @Test
  void hubSpotValuesBecomeTypedColumnValues() {
    assertThat(ColumnType.NUMBER.convert("1200.50")).isEqualTo(new BigDecimal("1200.50"));
    assertThat(ColumnType.BOOLEAN.convert("true")).isEqualTo(true);
    assertThat(ColumnType.DATE.convert("2025-05-01")).isEqualTo(LocalDate.of(2025, 5, 1));
    assertThat(ColumnType.DATE.convert("1430438400000")).isEqualTo(LocalDate.of(2015, 5, 1));
    assertThat(ColumnType.TIMESTAMP.convert("2026-01-02T03:04:05.678Z"))
        .isEqualTo(OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 678_000_000, ZoneOffset.UTC));
    assertThat(ColumnType.TIMESTAMP.convert(1_000L)).isEqualTo(OffsetDateTime.of(1970, 1, 1, 0, 0, 1, 0, ZoneOffset.UTC));
    assertThat(ColumnType.NUMBER.convert("")).isNull();
    assertThat(ColumnType.TEXT.convert("")).isEqualTo("");
    assertThatThrownBy(() -> ColumnType.NUMBER.convert("twelve")).isInstanceOf(IllegalArgumentException.class);
    assertThat(ColumnType.ofProperty("enumeration", "booleancheckbox", true)).isEqualTo(ColumnType.BOOLEAN);
    assertThat(ColumnType.ofProperty("enumeration", "checkbox", false)).isEqualTo(ColumnType.TEXT);
    assertThat(ColumnType.ofProperty("datetime", "date", false)).isEqualTo(ColumnType.TIMESTAMP);
  }

  @Test
  void columnNamesAreHubSpotsOwnSnakeCaseAndFitPostgres() {
    assertThat(ColumnNames.snake("emailCampaignId")).isEqualTo("email_campaign_id");
    assertThat(ColumnNames.forProperty("archived", Set.of("archived"))).isEqualTo("property_archived");
    String longName = "x".repeat(100);
    String a = ColumnNames.fit(longName);
    String b = ColumnNames.fit("x".repeat(99) + "y");
    assertThat(a).hasSize(63);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void enabledAloneMeansTheDuckDbFileInTheDataDirectoryAndEveryCollection() throws Exception {
    SettingsSchema schema = SettingsSchema.load();
    var settings = schema.withDefaults(new ObjectMapper().readTree("{\"portalId\":\"1\",\"warehouse\":{\"enabled\":true}}"));
    WarehouseSettings w = WarehouseSettings.of(settings, "/var/lib/hsdest", "acme");
    assertThat(w.enabled()).isTrue();
    assertThat(w.jdbcUrl()).isEqualTo("jdbc:duckdb:/var/lib/hsdest/hubspot-acme.duckdb");
    assertThat(w.schema()).isEqualTo("hubspot");
    assertThat(w.intervalMinutes()).isEqualTo(180);
    assertThat(w.collections()).containsExactly(SourceCollection.values());
    assertThat(WarehouseSettings.of(schema.withDefaults(new ObjectMapper().readTree("{\"portalId\":\"1\"}")), "/d", "a")
        .enabled()).isFalse();
  }

  @Test
  void thePasswordNeverShows() {
    WarehouseSettings w = new WarehouseSettings(true, "jdbc:postgresql://bob:hunter2@db:5432/x?password=hunter2&ssl=true",
        "bob", "hunter2", "hubspot", 180, List.of(SourceCollection.CONTACTS));
    assertThat(w.describeTarget()).isEqualTo("jdbc:postgresql://db:5432/x (schema hubspot)");
    assertThat(w.toString()).doesNotContain("hunter2");
    assertThat(JdbcUrls.clean("FATAL: password hunter2 refused for " + w.jdbcUrl() + " (password=hunter2)", w))
        .doesNotContain("hunter2");
  }

  @Test
  void backoffFollowsRetryAfterWaitsASecondForTheSearchLimitAndIsCapped() {
    Backoff b = new Backoff(100, 2_000, 8);
    SplittableRandom r = new SplittableRandom(1);
    assertThat(b.delayMs(1, 7_000, false, r)).isEqualTo(7_000);
    assertThat(b.delayMs(1, -1, true, r)).isGreaterThanOrEqualTo(1_000);
    for (int attempt = 1; attempt < 12; attempt++) {
      long d = b.delayMs(attempt, -1, false, r);
      assertThat(d).isBetween(Math.min(2_000, 100L << (attempt - 1)) / 2, 2_000L);
    }
  }

  @Test
  void upsertsAreOneStatementPerManyRowsWithTheSameSqlForBothDatabases() {
    String duck = new Dialect.DuckDb().upsert("hubspot", "contacts", List.of("id", "email"), 2);
    String pg = new Dialect.Postgres().upsert("hubspot", "contacts", List.of("id", "email"), 2);
    assertThat(duck).isEqualTo(pg).isEqualTo("INSERT INTO \"hubspot\".\"contacts\" (\"id\", \"email\") VALUES (?, ?), "
        + "(?, ?) ON CONFLICT (\"id\") DO UPDATE SET \"email\" = EXCLUDED.\"email\"");
    assertThat(new Dialect.DuckDb().sqlType(ColumnType.NUMBER)).isEqualTo("DOUBLE");
    assertThat(new Dialect.Postgres().sqlType(ColumnType.NUMBER)).isEqualTo("NUMERIC");
  }
}
