package io.hsdest.mapping;

import io.hsdest.mapping.op.Operation;
import java.util.List;

/**
 * One operation of a plan.
 *
 * @param primary whether the message fails when this operation fails; a secondary operation's
 *     failure (the contact update of a track, the association of a group) is only a warning
 * @param after indexes of the plan's steps that must finish first
 */
public record Step(Operation op, boolean primary, List<Integer> after) {
  public Step {
    after = List.copyOf(after);
  }
}
