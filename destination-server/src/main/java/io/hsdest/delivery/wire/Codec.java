package io.hsdest.delivery.wire;

import io.hsdest.delivery.batch.Input;
import io.hsdest.delivery.batch.Queued;
import io.hsdest.delivery.policy.Verdict;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotResponse;
import java.util.List;

/**
 * One HubSpot endpoint's wire format: a batch of inputs becomes one call, and the call's answer
 * becomes one verdict per input. Answers about the whole call (429, 5xx, 401, ...) never reach a
 * codec: {@link io.hsdest.delivery.policy.AnswerPolicy} reads those first.
 */
public interface Codec {
  /** The call for this batch; records on each input what it carried ({@link Input#sent}). */
  <T extends Queued> HubSpotCall encode(List<Input<T>> batch, WireContext ctx);

  /** One verdict per input of the batch, in its order. */
  <T extends Queued> List<Verdict> decode(HubSpotResponse r, List<Input<T>> batch, WireContext ctx);
}
