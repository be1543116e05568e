/**
 * Business rules that turn an answer into the next operations: routing (ids from earlier steps and
 * hints), claiming a contact after a 409, adopting a company by domain, looking records up,
 * lifecycle re-set and non-marketing follow-ups, ids HubSpot no longer has.
 */
package io.hsdest.delivery.resolve;
