package dev.portalkit.core.spi;

import java.util.function.Supplier;

/**
 * A module's meters, in the host's Micrometer registry when the Portal was given one
 * ({@code Portal.Builder.meterRegistry}) and nowhere otherwise, so a module never depends on
 * Micrometer itself. Names are dotted and start with {@code portalkit.<module>.}; tags come as
 * key, value pairs. The names are API: core/README.md lists them, and they do not change.
 */
public interface Meters {

    /** Adds one to the counter {@code name} with these tags. */
    void count(String name, String... tags);

    /**
     * Registers a gauge whose value is read from {@code value} each time the registry is read, on the
     * reader's thread: it must be cheap, or cache what it reads. Registered once, at the module's start.
     */
    void gauge(String name, String description, Supplier<Number> value, String... tags);

    /** Whether meters go anywhere: a module may skip work done only for them. */
    boolean enabled();
}
