/**
 * A stateful in-memory fake of HubSpot's public API for tests and benchmarks.
 *
 * <p>Public surface: {@link io.hsdest.fake.FakeHubSpot} (start, configure, script, inspect, reset, close),
 * {@link io.hsdest.fake.FakeConfig} (limits and faults), {@link io.hsdest.fake.PortalView} (state of one portal),
 * the snapshot records it returns, and {@link io.hsdest.fake.FakeHubSpotMain} (the runnable jar). Everything
 * else is package-private: one small class per HubSpot API family ({@code CrmWrites}, {@code ObjectSearch},
 * {@code AssociationsApi}, {@code EventsApi}, {@code ListsApi}, ...), all behind one {@code ApiGateway}.
 *
 * <p>Concurrency: all state lives on the fake's single event loop; the Java API hops onto it and returns copies.
 */
package io.hsdest.fake;
