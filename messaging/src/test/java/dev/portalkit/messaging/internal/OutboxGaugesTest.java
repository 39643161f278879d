package dev.portalkit.messaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.messaging.OutboxStatus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The gauges' cache, on a ticker the test moves: one read per 5 s however many gauges and scrapes. */
class OutboxGaugesTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<OutboxStatus> database = new AtomicReference<>(new OutboxStatus(3, Duration.ofMillis(1500)));
    private final OutboxGauges gauges = new OutboxGauges(() -> {
        reads.incrementAndGet();
        OutboxStatus s = database.get();
        if (s == null) {
            throw new IllegalStateException("database down");
        }
        return s;
    }, nanos::get);

    @Test
    void bothGaugesShareOneReadForFiveSeconds() {
        assertThat(gauges.waiting()).isEqualTo(3.0);
        assertThat(gauges.oldestAgeSeconds()).isEqualTo(1.5);
        database.set(OutboxStatus.EMPTY);
        nanos.addAndGet(Duration.ofSeconds(5).toNanos() - 1);
        assertThat(gauges.waiting()).isEqualTo(3.0);
        assertThat(reads).hasValue(1);

        nanos.addAndGet(1);
        assertThat(gauges.waiting()).isEqualTo(0.0);
        assertThat(gauges.oldestAgeSeconds()).isEqualTo(0.0); // nothing waits: 0, not NaN
        assertThat(reads).hasValue(2);
    }

    @Test
    void aFailedReadShowsAsNaNAndIsNotRepeatedAtEveryScrape() {
        database.set(null);
        assertThat(gauges.waiting()).isNaN();
        assertThat(gauges.oldestAgeSeconds()).isNaN();
        assertThat(reads).hasValue(1);

        database.set(new OutboxStatus(1, Duration.ZERO));
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(gauges.waiting()).isEqualTo(1.0);
        assertThat(reads).hasValue(2);
    }
}
