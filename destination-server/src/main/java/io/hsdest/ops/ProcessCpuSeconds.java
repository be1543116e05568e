package io.hsdest.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The process's CPU time in seconds, as Prometheus names it ({@code process_cpu_seconds_total}, the name its own
 * client libraries use), instead of Micrometer's {@code process_cpu_time_ns_total}: Prometheus wants base units.
 * Applied to the registry before any meter is registered (a filter applies to meters registered after it).
 */
public final class ProcessCpuSeconds {
  private ProcessCpuSeconds() {}

  public static <R extends MeterRegistry> R bindTo(R registry) {
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun && sun.getProcessCpuTime() >= 0) {
      FunctionCounter.builder("process.cpu", sun, b -> b.getProcessCpuTime() / 1e9).baseUnit("seconds")
          .description("CPU time the process used").register(registry);
    }
    return registry;
  }
}
