package dev.portalkit.spring;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of PortalKit's background jobs (e-mail delivery, renewals, reconciliation, audit sealing), as the
 * starter schedules it: {@link #runOnce()} every {@link #interval()} after the previous run ends. A run
 * that fails is logged (its exception's code and message, never a secret) and the next run retries.
 */
public final class PortalKitJob {

    private static final Logger LOG = LoggerFactory.getLogger(PortalKitJob.class);

    private final String name;
    private final Duration interval;
    private final Runnable work;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public PortalKitJob(String name, Duration interval, Runnable work) {
        this.name = Objects.requireNonNull(name, "null name");
        this.work = Objects.requireNonNull(work, "null work");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("portalkit.jobs." + name + ".interval must be positive, was " + interval);
        }
        this.interval = interval;
    }

    /** The job's name, as in {@code portalkit.jobs.<name>}. */
    public String name() {
        return name;
    }

    public Duration interval() {
        return interval;
    }

    /** Runs so far, failed ones included. */
    public long runs() {
        return runs.get();
    }

    /** Runs so far that failed. */
    public long failures() {
        return failures.get();
    }

    /** One run; false when it failed (logged). */
    public boolean runOnce() {
        try {
            work.run();
            return true;
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("PortalKit job {} failed; the next run (in {}) retries: {}", name, interval, e.toString());
            return false;
        } finally {
            runs.incrementAndGet();
        }
    }

    @Override
    public String toString() {
        return "PortalKitJob[" + name + " every " + interval + "]";
    }
}
