/**
 * HubSpot's marketing email events flow to the analytics tools (interface.md part 2, setting {@code emailEvents}):
 * each destination that turns it on polls HubSpot's email events API ({@code GET /email/public/v1/events}) through
 * its paced HubSpot client (one rate budget per token) and sends every event, exactly once by HubSpot's EventId, to
 * the Segment HTTP API or Amplitude's HTTP V2 API. A durable cursor in the local store survives restarts and
 * {@code kill -9}; the cursor moves only after the sink took a batch. Public: {@link
 * io.hsdest.emailevents.EmailEventsExport} (one destination's export) and {@link
 * io.hsdest.emailevents.EmailEventExports} (all of them: /status section, admin sync endpoint).
 */
package io.hsdest.emailevents;
