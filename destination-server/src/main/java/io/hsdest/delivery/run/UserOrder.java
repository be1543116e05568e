package io.hsdest.delivery.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.hsdest.mapping.op.ContactWrite;

/**
 * How one user's order is kept: a user's event, association or list membership never goes before a
 * contact write of the same user that was taken earlier (by userId or by email,
 * {@link io.hsdest.mapping.op.Operation#userKeys}), so it carries the contact it needs and never
 * races it. Contact writes of one user merge in their lane instead (latest value wins per
 * property). Within a message, the plan's own steps say the order.
 */
final class UserOrder {
  private final Map<String, List<OpTask>> contactWritesByUser = new HashMap<>();

  /** Links the message's other operations after the earlier contact writes of the same users. */
  void link(MessageWork m) {
    for (OpTask t : m.tasks) {
      if (t.op instanceof ContactWrite) continue;
      for (String key : t.op.userKeys()) {
        for (OpTask cw : contactWritesByUser.getOrDefault(key, List.of())) {
          if (cw.message != m && !cw.dependents.contains(t)) OpTask.link(cw, t);
        }
      }
    }
    for (OpTask t : m.tasks) {
      if (!(t.op instanceof ContactWrite)) continue;
      t.orderKeys = t.op.userKeys();
      for (String key : t.orderKeys) contactWritesByUser.computeIfAbsent(key, k -> new ArrayList<>(2)).add(t);
    }
  }

  /** The task is over: later operations of its users no longer wait for it. */
  void ended(OpTask t) {
    if (t.orderKeys == null) return;
    for (String key : t.orderKeys) {
      List<OpTask> list = contactWritesByUser.get(key);
      if (list != null && list.remove(t) && list.isEmpty()) contactWritesByUser.remove(key);
    }
    t.orderKeys = null;
  }
}
