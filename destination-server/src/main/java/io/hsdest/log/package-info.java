/**
 * The durable log of durable delivery: {@link io.hsdest.log.MessageLog} (append durably, then read
 * each destination's entries in order, in large batches, and mark each one done in any order), with
 * two implementations: {@link io.hsdest.log.EmbeddedLog} on this machine's disk and
 * {@link io.hsdest.log.KafkaLog} shared by every instance. Knows nothing of messages or HubSpot: an
 * entry is opaque bytes.
 */
package io.hsdest.log;
