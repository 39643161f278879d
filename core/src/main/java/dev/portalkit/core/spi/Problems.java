package dev.portalkit.core.spi;

import dev.portalkit.core.PortalConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with a configuration so that one exception lists every problem, the way
 * {@code Portal.builder().build()} does. Every options builder uses it:
 *
 * <pre>{@code
 * Problems problems = new Problems();
 * problems.check(cost >= 4 && cost <= 31, "bcryptCost must be between 4 and 31, was %d", cost);
 * problems.throwIfAny();   // PortalConfigurationException (PK-1000)
 * }</pre>
 */
public final class Problems {

    private final List<String> problems = new ArrayList<>();

    /** Notes the problem (a {@link String#format} template and its arguments) unless {@code ok}. */
    public Problems check(boolean ok, String format, Object... args) {
        if (!ok) {
            problems.add(String.format(format, args));
        }
        return this;
    }

    /** Notes that the named setting is missing when {@code value} is null; whether it was present. */
    public boolean required(Object value, String setting) {
        check(value != null, "%s must be set (was null)", setting);
        return value != null;
    }

    /** The longest duration a setting may take: longer ones overflow nanosecond waits and instant arithmetic. */
    public static final Duration MAX_DURATION = Duration.ofDays(36_500);

    /**
     * Notes that the named duration is missing, not positive, or longer than {@link #MAX_DURATION};
     * whether it is usable.
     */
    public boolean positive(String setting, Duration value) {
        if (!required(value, setting)) {
            return false;
        }
        boolean ok = value.compareTo(Duration.ZERO) > 0 && value.compareTo(MAX_DURATION) <= 0;
        check(ok, "%s must be positive and at most 36500 days, was %s", setting, value);
        return ok;
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<String> list() {
        return List.copyOf(problems);
    }

    /** Throws {@link PortalConfigurationException} (PK-1000) listing every problem noted, if any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new PortalConfigurationException(problems);
        }
    }
}
