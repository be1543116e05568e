/**
 * What the destination knows about a portal's data model: contact and company property
 * definitions and custom event definitions, as read from HubSpot and cached. Immutable values;
 * the mapping package reads them, the hubspot package builds them.
 */
package io.hsdest.hubspot.schema;
