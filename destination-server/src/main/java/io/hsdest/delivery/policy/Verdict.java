package io.hsdest.delivery.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import io.hsdest.mapping.op.Operation;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What becomes of one input of a HubSpot call once its answer is read: the vocabulary between the
 * endpoint codecs and the policies that read answers, and the engine that carries verdicts out.
 */
public sealed interface Verdict {

  /**
   * HubSpot took it.
   *
   * @param recordId the record written or found, when the endpoint has one
   * @param result HubSpot's item for this input (a written record), or null
   */
  record Done(String recordId, JsonNode result, List<Warning> warnings) implements Verdict {
    public static Done plain() {
      return new Done(null, null, List.of());
    }

    public static Done with(Warning warning) {
      return new Done(null, null, List.of(warning));
    }
  }

  /**
   * Send the same input again, no sooner than {@code atLeastMs}; with {@code backoff} also no sooner
   * than the retry policy's backoff for its attempt. Counts an attempt.
   */
  record Retry(long atLeastMs, boolean backoff, String why) implements Verdict {}

  /** Not at fault (HubSpot refused the call for another input): send it again as it is, counting no attempt. */
  record Resend(String why) implements Verdict {}

  /** HubSpot refused these properties: resend once without them; the warnings say which and why. */
  record Repair(Set<String> properties, List<Warning> warnings) implements Verdict {}

  /** HubSpot refused the call without saying which input: halve the batch until the bad input stands alone. */
  record Split(String why) implements Verdict {}

  /** Final for this operation. */
  record Fail(Reason reason, String detail) implements Verdict {}

  /**
   * Go on with another operation instead: a claim check after a conflict, the adopted company, the
   * write by its key after a stale id, the event with its contact found. {@code next} turns each
   * operation of the input into the one it goes on as (writes merged into one input each keep their
   * own properties); it returns null for an operation that cannot go on (it then fails, saying why
   * in the warnings' place: {@link #orElse}).
   *
   * @param stale an id HubSpot no longer has, to forget wherever it is remembered; or null
   * @param orElse what becomes of an operation {@code next} cannot turn; null when it turns every one
   */
  record Next(UnaryOperator<Operation> next, List<Warning> warnings, Stale stale, Fail orElse) implements Verdict {
    public static Next as(UnaryOperator<Operation> next, Warning... warnings) {
      return new Next(next, List.of(warnings), null, null);
    }
  }

  /** An id HubSpot refused: a contact, a company or a list merged, deleted, or gone with a portal reset. */
  record Stale(Kind kind, String id) {
    public enum Kind { CONTACT, COMPANY, LIST }

    public static Stale contact(String id) {
      return new Stale(Kind.CONTACT, id);
    }

    public static Stale company(String id) {
      return new Stale(Kind.COMPANY, id);
    }

    public static Stale list(String id) {
      return new Stale(Kind.LIST, id);
    }
  }

  /** HubSpot asked to wait (429, 477) or refuses this endpoint for now (403): put it back until then; no attempt counted. */
  record Pause(long untilMs, String why) implements Verdict {}

  /** HubSpot refuses the token (401): everything waits until a probe finds it works again; no attempt counted. */
  record Hold(long untilMs, String why) implements Verdict {}
}
