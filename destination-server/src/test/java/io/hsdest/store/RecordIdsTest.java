package io.hsdest.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The kept ids: what reaches the store, and how HubSpot's word (a record gone) overrules them. */
class RecordIdsTest {
  /** A store map that counts what is written to it. */
  private static final class CountingMap implements KeyValueMap {
    final TreeMap<String, String> entries = new TreeMap<>();
    final List<String> writes = new ArrayList<>();

    @Override
    public String get(String key) {
      return entries.get(key);
    }

    @Override
    public void put(String key, String value) {
      writes.add(key + "=" + value);
      entries.put(key, value);
    }

    @Override
    public void remove(String key) {
      writes.add("-" + key);
      entries.remove(key);
    }

    @Override
    public Iterable<Map.Entry<String, String>> withPrefix(String prefix) {
      return entries.tailMap(prefix).entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).toList();
    }

    @Override
    public long size() {
      return entries.size();
    }
  }

  @Test
  void anIdAlreadyKnownIsNotWrittenAgainButAChangedOneIs() {
    CountingMap disk = new CountingMap();
    RecordIds ids = new RecordIds(1_000, disk);
    ids.rememberContact("u1", "a@example.com", "101");
    ids.rememberContact("u1", "a@example.com", "101");
    ids.rememberCompany("g1", "501");
    ids.rememberCompany("g1", "501");
    assertThat(disk.writes).containsExactly("u:u1=101", "e:a@example.com=101", "g:g1=501");

    ids.rememberContact("u1", "a@example.com", "102"); // merged in HubSpot: the surviving id replaces the old one
    assertThat(disk.writes).endsWith("u:u1=102", "e:a@example.com=102");
    assertThat(ids.contactByUser("u1")).isEqualTo("102");
  }

  @Test
  void anIdHubSpotRefusedIsWrittenAgainWhenFoundAgain() {
    CountingMap disk = new CountingMap();
    RecordIds ids = new RecordIds(1_000, disk);
    ids.rememberContact("u1", null, "101");
    ids.forgetContact("101");
    assertThat(ids.contactByUser("u1")).isNull();

    ids.rememberContact("u1", null, "101"); // found again by its key (a portal reset gave it the same id)
    assertThat(ids.contactByUser("u1")).isEqualTo("101");
    assertThat(disk.get("u:u1")).isEqualTo("101");
    assertThat(disk.get("stale:c:101")).isNull();

    RecordIds restored = new RecordIds(1_000, disk);
    restored.restore();
    assertThat(restored.contactByUser("u1")).isEqualTo("101");
  }
}
