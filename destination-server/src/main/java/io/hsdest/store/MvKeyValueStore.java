package io.hsdest.store;

import io.vertx.core.Future;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;

/** A {@link KeyValueStore} in this machine's {@link LocalStore} (an MVStore file, or memory). */
public final class MvKeyValueStore implements KeyValueStore {
  private final LocalStore store;

  public MvKeyValueStore(LocalStore store) {
    this.store = store;
  }

  @Override
  public KeyValueMap map(String name) {
    MVMap<String, String> map = store.map(name);
    return new KeyValueMap() {
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
        List<Map.Entry<String, String>> out = new ArrayList<>();
        Iterator<String> keys = map.keyIterator(prefix);
        while (keys.hasNext()) {
          String k = keys.next();
          if (!k.startsWith(prefix)) break;
          String v = map.get(k);
          if (v != null) out.add(new AbstractMap.SimpleImmutableEntry<>(k, v));
        }
        return out;
      }

      @Override
      public long size() {
        return map.sizeAsLong();
      }
    };
  }

  @Override
  public Future<Void> commit() {
    return store.commit();
  }

  @Override
  public boolean durable() {
    return store.onDisk();
  }
}
