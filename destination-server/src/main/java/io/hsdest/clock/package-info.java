/** Time for code that must run in virtual time in tests: a {@link io.hsdest.clock.Scheduler} per event loop. */
package io.hsdest.clock;
