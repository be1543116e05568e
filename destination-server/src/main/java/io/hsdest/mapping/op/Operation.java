package io.hsdest.mapping.op;

import io.hsdest.hubspot.Endpoint;
import java.util.List;

/**
 * One HubSpot call's worth of work for one record: what mapping produces, and what delivery's own
 * steps (a claim check, an adoption search, a contact lookup) are. Each declares, once, what
 * delivery needs to queue it: the endpoint that carries it (its rate class and batch size come
 * with it), the lane within that endpoint, the record it is about, and the people it concerns.
 */
public interface Operation {
  /** The HubSpot endpoint that carries this operation. */
  Endpoint endpoint();

  /**
   * Operations of one endpoint that travel in the same calls share a lane: the same id property,
   * list or association type. The empty string when the endpoint has one lane.
   */
  default String lane() {
    return "";
  }

  /** Operations with the same record key are about the same HubSpot record: they merge or wait for each other. */
  String recordKey();

  /**
   * The people this operation writes or needs ({@code u:<userId>}, {@code e:<email>}): one user's
   * later operations wait for their contact's write. Empty when it concerns no one.
   */
  List<String> userKeys();
}
