package io.hsdest.delivery.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.delivery.policy.Verdict;
import io.hsdest.mapping.op.Operation;
import java.util.List;

/**
 * A step that reads one record (a batch read, many steps per call) and decides from what it found
 * how the operation it serves goes on.
 */
public interface ReadStep extends Operation {
  /** The object type read: {@code contacts} or {@code companies}. */
  String objectType();

  /** The unique property the record is read by, or null for HubSpot's record id. */
  String idProperty();

  /** The value (or record id) read. */
  String value();

  /** The properties to read. */
  List<String> properties();

  /** What becomes of the operation served, given the record found (null when HubSpot has none; {@code refusal} when it refused the read). */
  Verdict found(JsonNode record, String refusal);
}
