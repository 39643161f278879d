package dev.portalkit.testing.internal;

import dev.portalkit.testing.PostgresServer;
import dev.portalkit.testing.TestDatabase;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One migrated template and the clones prepared from it ahead of time, as zonky's prepared
 * database providers do: a test class takes a clone that is already there (well under a
 * millisecond), or waits for the one being made rather than start another, and a background
 * thread clones the next while the class runs; so only the first class of a JVM waits for a whole
 * {@code CREATE DATABASE ... TEMPLATE}. At most {@code PORTALKIT_TEST_PREPARED_DATABASES}
 * (default 2; 0 turns this off) wait ready per template, and never more than have been asked for, so
 * a template used once costs one spare clone at most. Spare clones go with the server: the embedded
 * one and a container vanish at exit, an existing server's are dropped at exit (and, after a JVM
 * that was killed, by the next run's clean-up). Not API.
 */
public final class Template {

    private static final Logger LOG = LoggerFactory.getLogger(Template.class);
    private static final int AHEAD = ahead();
    /** One thread for every template: cloning is the server's work, and tests need the cores. */
    private static final ExecutorService BACKGROUND = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "portalkit-prepare-databases");
        t.setDaemon(true);
        return t;
    });

    private final PostgresServer server;
    private final Supplier<String> migrate;
    private final BlockingQueue<TestDatabase> ready = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger taken = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile String name;

    /** A template {@code migrate} creates and migrates on first use (it returns the database's name). */
    public Template(PostgresServer server, Supplier<String> migrate) {
        this.server = server;
        this.migrate = migrate;
    }

    /** A fresh clone: one prepared ahead when there is one, else cloned now. */
    public TestDatabase take() {
        String template = name();
        int wanted = Math.min(AHEAD, taken.incrementAndGet());
        TestDatabase db = ready.poll();
        if (db == null) {
            db = awaitInFlight();
        }
        if (db == null) {
            db = server.cloneDatabase(template);
        }
        prepare(template, wanted);
        return db;
    }

    /**
     * A clone the background thread is making, when there is one no other taker waits for: it is
     * ready sooner than a clone started now. Null when there is none, or it failed.
     */
    private TestDatabase awaitInFlight() {
        if (waiting.incrementAndGet() > inFlight.get()) {
            waiting.decrementAndGet();
            return null;
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        try {
            while ((inFlight.get() > 0 || !ready.isEmpty()) && System.nanoTime() < deadline) {
                TestDatabase db = ready.poll(20, TimeUnit.MILLISECONDS);
                if (db != null) {
                    return db;
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Migrated once; only takers of this template wait for it, not those of others. */
    private String name() {
        String n = name;
        if (n == null) {
            synchronized (this) {
                if (name == null) {
                    name = migrate.get();
                }
                n = name;
            }
        }
        return n;
    }

    private void prepare(String template, int wanted) {
        while (true) {
            int running = inFlight.get();
            if (ready.size() + running >= wanted) {
                return;
            }
            if (inFlight.compareAndSet(running, running + 1)) {
                BACKGROUND.execute(() -> {
                    try {
                        ready.add(server.cloneDatabase(template));
                    } catch (RuntimeException e) {
                        // The next take clones in the foreground and reports what is wrong.
                        LOG.debug("Preparing a clone of {} failed: {}", template, e.getMessage());
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            }
        }
    }

    private static int ahead() {
        String s = Servers.setting("PORTALKIT_TEST_PREPARED_DATABASES");
        if (s == null || s.isBlank()) {
            return 2;
        }
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("PORTALKIT_TEST_PREPARED_DATABASES must be a number of databases, 0 or more, not '" + s + "'");
    }
}
