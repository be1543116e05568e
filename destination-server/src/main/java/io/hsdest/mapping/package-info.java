/**
 * Pure mapping: a Segment message, the destination's settings and the portal's cached schema
 * become a {@link io.hsdest.mapping.Plan} of HubSpot operations, with a warning for everything
 * that was dropped or changed. No I/O, no clocks, no shared state: same input, same plan.
 *
 * <p>The {@link io.hsdest.mapping.PropertyPipeline} is the one place where trait keys are
 * normalised and values coerced; contacts, companies and event properties all go through it.
 */
package io.hsdest.mapping;
