/**
 * The HubSpot side: one {@link io.hsdest.hubspot.Endpoint} per API operation the destination
 * uses, a client interface with an HTTP implementation and a dry-run sink that records instead of
 * sending, HubSpot's error envelopes parsed into {@link io.hsdest.hubspot.HubSpotError}, and the
 * per-portal schema caches. Knows nothing of Segment messages.
 */
package io.hsdest.hubspot;
