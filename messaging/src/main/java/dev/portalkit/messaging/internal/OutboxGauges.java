package dev.portalkit.messaging.internal;

import dev.portalkit.core.spi.Meters;
import dev.portalkit.messaging.OutboxStatus;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox gauges. A registry reads every gauge at each scrape, on the scraper's thread, and several
 * scrapers may read at once: both gauges read one status kept for {@link #MAX_AGE_NANOS}, so however
 * often and by however many they are read, the database sees at most one query per 5 s. Not API.
 */
final class OutboxGauges {

    static final String WAITING = "portalkit.messaging.outbox.waiting";
    static final String OLDEST_AGE = "portalkit.messaging.outbox.oldest.age";
    static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final Logger LOG = LoggerFactory.getLogger(OutboxGauges.class);

    private final Supplier<OutboxStatus> read;
    /** Monotonic, not the Portal's clock: a host's fixed or test clock would keep the cache forever. */
    private final LongSupplier nanoTime;
    private boolean everRead;
    private long readAt;
    /** null while the last read failed. */
    private OutboxStatus status;

    OutboxGauges(Supplier<OutboxStatus> read, LongSupplier nanoTime) {
        this.read = read;
        this.nanoTime = nanoTime;
    }

    /** Registers both gauges over {@code read} (the status straight from the database). */
    static void register(Meters meters, Supplier<OutboxStatus> read) {
        if (!meters.enabled()) {
            return;
        }
        OutboxGauges gauges = new OutboxGauges(read, System::nanoTime);
        meters.gauge(WAITING, "E-mails due and not sent (EmailService.outboxStatus)", gauges::waiting);
        meters.gauge(OLDEST_AGE, "Seconds the e-mail due longest has been waiting; 0 when none waits",
                gauges::oldestAgeSeconds);
    }

    /** NaN while the status cannot be read (database down, Portal closed): a gap in the graph, not a false 0. */
    double waiting() {
        OutboxStatus s = status();
        return s == null ? Double.NaN : s.waiting();
    }

    double oldestAgeSeconds() {
        OutboxStatus s = status();
        if (s == null) {
            return Double.NaN;
        }
        return s.oldestAge() == null ? 0.0 : s.oldestAge().toNanos() / 1e9;
    }

    synchronized OutboxStatus status() {
        long now = nanoTime.getAsLong();
        if (everRead && now - readAt < MAX_AGE_NANOS) {
            return status;
        }
        boolean wasReadable = !everRead || status != null;
        try {
            status = read.get();
        } catch (RuntimeException e) {
            status = null; // kept for MAX_AGE_NANOS too: a database that is down is not asked at every scrape
            if (wasReadable) {
                LOG.warn("The outbox gauges cannot read the outbox ({}); they report NaN until they can", e.toString());
            }
        }
        everRead = true;
        readAt = now;
        return status;
    }
}
