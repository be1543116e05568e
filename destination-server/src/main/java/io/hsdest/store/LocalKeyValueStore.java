package io.hsdest.store;

import io.vertx.core.Future;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * A {@link KeyValueStore} over the {@link LocalStore}: on this machine's disk (durable once
 * {@link #commit()} completes, on a worker thread, shared by everyone waiting), or in memory for
 * dry-run destinations and validation ({@link LocalStore#inMemory}).
 */
public final class LocalKeyValueStore implements KeyValueStore {
  private final LocalStore store;
  private final Map<String, KeyValueMap> maps = new ConcurrentHashMap<>();

  public LocalKeyValueStore(LocalStore store) {
    this.store = store;
  }

  @Override
  public KeyValueMap map(String name) {
    return maps.computeIfAbsent(name, n -> new LocalMap(store.<String, String>map(n)));
  }

  @Override
  public Future<Void> commit() {
    return store.commit();
  }

  @Override
  public boolean durable() {
    return store.onDisk();
  }

  private record LocalMap(MVMap<String, String> map) implements KeyValueMap {
    @Override
    public String get(String key) {
      return map.get(key);
    }

    @Override
    public void put(String key, String value) {
      map.put(key, value);
    }

    @Override
    public void remove(String key) {
      map.remove(key);
    }

    @Override
    public Iterable<Map.Entry<String, String>> withPrefix(String prefix) {
      return () -> new Iterator<>() { // MVMap is sorted: start at the prefix, stop at the first key without it
        private final Cursor<String, String> cursor = map.cursor(prefix);
        private Map.Entry<String, String> next = advance();

        private Map.Entry<String, String> advance() {
          if (!cursor.hasNext()) return null;
          String k = cursor.next();
          return k.startsWith(prefix) ? Map.entry(k, cursor.getValue()) : null;
        }

        @Override
        public boolean hasNext() {
          return next != null;
        }

        @Override
        public Map.Entry<String, String> next() {
          if (next == null) throw new NoSuchElementException();
          Map.Entry<String, String> e = next;
          next = advance();
          return e;
        }
      };
    }

    @Override
    public long size() {
      return map.sizeAsLong();
    }
  }
}
