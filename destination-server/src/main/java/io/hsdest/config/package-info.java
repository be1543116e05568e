/**
 * Destinations and server settings as immutable records, read from the environment and the
 * config file and validated against {@code settings-schema/} at start-up. A bad configuration
 * stops the server with a message naming the field and the rule it broke.
 */
package io.hsdest.config;
