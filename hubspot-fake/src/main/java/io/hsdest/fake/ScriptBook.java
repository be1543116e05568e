package io.hsdest.fake;

import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/** The queue of {@link ScriptedResponse}s; the first matching entry with calls left answers. Event loop only. */
final class ScriptBook {
  private static final class Entry {
    final ScriptedResponse response;
    final Pattern path;
    int left;

    Entry(ScriptedResponse response) {
      this.response = response;
      this.path = glob(response.path());
      this.left = response.times();
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  void add(ScriptedResponse r) {
    if (r.path() == null || r.path().isEmpty()) {
      throw new IllegalArgumentException("a scripted response needs a path");
    }
    entries.add(new Entry(r));
  }

  void clear() {
    entries.clear();
  }

  /** Consumes one use of the first entry that matches, or returns null. */
  ScriptedResponse take(String method, String path) {
    if (entries.isEmpty()) {
      return null;
    }
    for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (("*".equals(e.response.method()) || e.response.method().equalsIgnoreCase(method))
          && e.path.matcher(path).matches()) {
        if (--e.left == 0) {
          it.remove();
        }
        return e.response;
      }
    }
    return null;
  }

  JsonArray toJson() {
    JsonArray a = new JsonArray();
    entries.forEach(e -> a.add(e.response.toJson().put("left", e.left)));
    return a;
  }

  private static Pattern glob(String glob) {
    List<String> parts = new ArrayList<>();
    for (String part : glob.split("\\*", -1)) {
      parts.add(Pattern.quote(part));
    }
    return Pattern.compile(String.join(".*", parts));
  }

}
