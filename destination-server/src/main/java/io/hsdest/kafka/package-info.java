/**
 * What the Kafka log and the Kafka-shared store have in common: client settings built once from
 * {@code server.kafka}, and topics created when missing with documented settings.
 */
package io.hsdest.kafka;
