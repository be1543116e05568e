package io.hsdest.fake;

/** One invalid property value: HubSpot's {@code error} code, the property {@code name} and a message. */
record PropertyError(String name, String code, String message) {
}
