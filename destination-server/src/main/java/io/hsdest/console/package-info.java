/**
 * The console ({@code GET /console}, interface.md part 2): one page for the people who run the server and the
 * marketers who ask where their data went, and the admin-only JSON API behind it ({@code /console/api/...}).
 * Per destination it shows the setup check (token, account, region, scopes, schema), HubSpot's budget and daily
 * usage, messages by outcome over time, the latest messages, lookups by messageId, the event tester, dead letters
 * and the reports of the syncs beside the pipe. It sits beside the pipe like {@code ops}: it reads what the
 * destinations expose and never writes to HubSpot. Every answer passes through {@link io.hsdest.console.SecretMask}:
 * no token, write key, sink key or password reaches the page.
 */
package io.hsdest.console;
