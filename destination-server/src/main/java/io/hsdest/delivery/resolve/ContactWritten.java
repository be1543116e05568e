package io.hsdest.delivery.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import io.hsdest.mapping.op.ContactWrite;
import io.hsdest.mapping.op.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What follows a contact write HubSpot answered: HubSpot moves {@code lifecyclestage} only forward,
 * so a stage it kept instead of the one asked for is either re-set (cleared, then set: only with
 * {@code allowLifecycleStageBackward}) or reported; a contact HubSpot reports as new is marked
 * non-marketing when asked. The follow-ups belong to the message: it finishes after them.
 *
 * @param chains follow-up writes; the writes of one chain run one after the other
 */
public record ContactWritten(List<Warning> warnings, List<List<Operation>> chains) {

  /**
   * @param wanted the lifecycle stage the call asked for, or null
   * @param nonMarketing whether a member asked for new contacts to be non-marketing
   */
  public static ContactWritten of(String recordId, JsonNode result, String wanted, boolean nonMarketing,
      boolean allowLifecycleStageBackward, Instant at) {
    List<Warning> warnings = new ArrayList<>();
    List<List<Operation>> chains = new ArrayList<>();
    String kept = result.path("properties").path("lifecyclestage").asText(null);
    if (wanted != null && kept != null && !kept.isEmpty() && !kept.equals(wanted)) {
      if (allowLifecycleStageBackward) {
        chains.add(List.of(ContactWrite.internalUpdate(recordId, Map.of("lifecyclestage", ""), at),
            ContactWrite.internalUpdate(recordId, Map.of("lifecyclestage", wanted), at)));
      } else {
        warnings.add(Warning.of(Reason.LIFECYCLE_STAGE_KEPT, "lifecyclestage", "HubSpot kept \"" + kept + "\" instead of \""
            + wanted + "\": stages only move forward unless allowLifecycleStageBackward is on"));
      }
    }
    if (nonMarketing && result.path("new").asBoolean(false)) {
      chains.add(List.of(ContactWrite.internalUpdate(recordId, Map.of("hs_marketable_status", "false"), at)));
    }
    return new ContactWritten(warnings, chains);
  }
}
