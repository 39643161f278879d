package dev.portalkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code PortalExtension.Builder.clock}: null keeps the system clock; a configure() applied last wins. */
class ClockIT {

    static final TestClock CLOCK = new TestClock();
    static final Clock OTHER = Clock.fixed(Instant.parse("2031-01-01T00:00:00Z"), ZoneOffset.UTC);

    @RegisterExtension
    static final PortalExtension withClock = PortalExtension.builder().clock(CLOCK).build();

    @RegisterExtension
    static final PortalExtension withNull = PortalExtension.builder().clock(null).build();

    @RegisterExtension
    static final PortalExtension overridden = PortalExtension.builder().clock(CLOCK).configure(b -> b.clock(OTHER)).build();

    @Test
    void thePortalReadsTheClockGiven() {
        assertThat(withClock.portal().config().clock()).isSameAs(CLOCK);
    }

    @Test
    void aNullClockKeepsTheSystemClock() {
        assertThat(withNull.portal().config().clock()).isEqualTo(Clock.systemUTC());
    }

    @Test
    void aClockSetInConfigureWins() {
        assertThat(overridden.portal().config().clock()).isSameAs(OTHER);
    }
}
