/** Lanes (one queue per endpoint and lane name) and the pump: which batches go now, as functions of the time. */
package io.hsdest.delivery.batch;
