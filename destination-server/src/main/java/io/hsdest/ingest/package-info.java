/**
 * The HTTP intake: routes for every Segment-compatible path, write-key authentication (Basic or
 * in the body), gzip, the 32 KB / 500 KB limits, CORS for browser collectors, parsing into typed
 * messages, and the response contract: 200 only when every message is final, 429/503 with
 * Retry-After otherwise, 4xx JSON errors that name the problem. In front of the routes, the
 * {@link io.hsdest.ingest.FrontDoor} cuts clients too slow to send a request and answers what the HTTP
 * codec cannot read with the same JSON errors. Knows nothing about HubSpot.
 */
package io.hsdest.ingest;
