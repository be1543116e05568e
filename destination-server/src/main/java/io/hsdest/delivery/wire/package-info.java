/** One codec per HubSpot endpoint: a batch of inputs into one call, the call's answer into one verdict per input. */
package io.hsdest.delivery.wire;
