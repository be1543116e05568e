/**
 * Typed Segment-spec messages: one record per call type, built by the ingest parser.
 *
 * <p>Traits and properties stay free-form, but as plain immutable Java values (String, Boolean,
 * Long, BigInteger, BigDecimal, List, Map, and {@code null}); nothing downstream sees raw JSON.
 */
package io.hsdest.ingest.message;
