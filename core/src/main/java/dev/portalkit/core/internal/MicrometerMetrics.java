package dev.portalkit.core.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** {@link Metrics} in a Micrometer registry; each meter is looked up once and kept. */
final class MicrometerMetrics implements Metrics {

    private static final String OK = "none";

    private final MeterRegistry registry;
    private final Map<Method, Map<String, Timer>> timers = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    MicrometerMetrics(Object registry) {
        if (!(registry instanceof MeterRegistry r)) {
            throw new IllegalArgumentException("meterRegistry must be an io.micrometer.core.instrument.MeterRegistry");
        }
        this.registry = r;
    }

    @Override
    public void call(Class<?> service, Method method, long nanos, String error) {
        String code = error == null ? OK : error;
        Timer timer = timers.computeIfAbsent(method, m -> new ConcurrentHashMap<>())
                .computeIfAbsent(code, c -> Timer.builder(CALLS)
                        .description("PortalKit service calls, by service, method and outcome")
                        .tags("service", service.getSimpleName(), "method", method.getName(),
                                "outcome", error == null ? "ok" : "error", "error", c)
                        .register(registry));
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void count(String name, String... tags) {
        List<String> key = new java.util.ArrayList<>(tags.length + 1);
        key.add(name);
        key.addAll(List.of(tags));
        counters.computeIfAbsent(key, k -> Counter.builder(name).tags(Tags.of(tags)).register(registry)).increment();
    }

    @Override
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(Tags.of(tags)).strongReference(true).register(registry);
    }

    @Override
    public boolean enabled() {
        return true;
    }
}
