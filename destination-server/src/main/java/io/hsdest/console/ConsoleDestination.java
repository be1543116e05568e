package io.hsdest.console;

import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.PortalSchemas;
import io.hsdest.ingest.Destination;
import io.hsdest.receipts.Receipts;
import io.vertx.core.Future;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * One destination as the console reads it, wired by the server.
 *
 * @param destination its configuration and {@code validate} (the event tester; nothing is written)
 * @param receipts what became of each message it answered (lookups by messageId)
 * @param status its {@code /status} section: queue, rate limit learnt from HubSpot, access check
 * @param paced the token's paced HubSpot: the setup check and the daily usage spend the budget delivery spends
 * @param schemas its schema caches (properties and event definitions the settings name)
 * @param budgetAvailable ten-secondly calls the token's budget would let go now
 * @param log the latest messages and outcomes, fed by its deliveries
 */
public record ConsoleDestination(Destination destination, Receipts receipts, Supplier<Future<Map<String, Object>>> status,
    HubSpotApi paced, Calls calls, PortalSchemas schemas, IntSupplier budgetAvailable, MessageLog log) {

  String id() {
    return destination.id();
  }

  boolean live() {
    return !destination.config().settings().dryRun();
  }
}
