package io.hsdest.ops;

import java.util.function.Function;

/**
 * One more section of each destination's {@code /status} entry, contributed by a capability beside the pipe
 * (audience sync, ...): its name and what it shows for a destination id (null: nothing to show).
 */
public record StatusSection(String name, Function<String, Object> byDestination) {}
