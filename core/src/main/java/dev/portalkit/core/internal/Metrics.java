package dev.portalkit.core.internal;

import dev.portalkit.core.spi.Meters;
import java.lang.reflect.Method;
import java.util.function.Supplier;

/**
 * The Portal's meters: {@link #NONE} unless the host gave a Micrometer registry, so that Micrometer
 * stays an optional dependency (only {@link MicrometerMetrics} names its classes, and it is loaded
 * only when there is a registry).
 */
interface Metrics extends Meters {

    /** The timer of every service call: {@code portalkit.calls}. */
    String CALLS = "portalkit.calls";

    /** Records one service call of {@code nanos}; {@code error} is null when it succeeded. */
    void call(Class<?> service, Method method, long nanos, String error);

    static Metrics of(Object registry) {
        return registry == null ? NONE : new MicrometerMetrics(registry);
    }

    Metrics NONE = new Metrics() {
        @Override
        public void call(Class<?> service, Method method, long nanos, String error) {
        }

        @Override
        public void count(String name, String... tags) {
        }

        @Override
        public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };
}
