/** Requests, messages and their tasks: admission, dependencies, each user's order, outcomes. Confined to the engine's loop. */
package io.hsdest.delivery.run;
