package dev.portalkit.testing;

import dev.portalkit.core.Portal;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A test class's database and Portal, kept in JUnit's store of the class that made them (never in
 * the extension object, which classes running in parallel share). Closed once, by that class.
 */
final class ClassState implements AutoCloseable {

    private final String owner;
    private final TestDatabase database;
    private final Portal portal;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** {@code owner} is the unique id of the class context that made it. */
    ClassState(String owner, TestDatabase database, Portal portal) {
        this.owner = owner;
        this.database = database;
        this.portal = portal;
    }

    String owner() {
        return owner;
    }

    TestDatabase database() {
        return database;
    }

    Portal portal() {
        return portal;
    }

    boolean closed() {
        return closed.get();
    }

    /** Closes the Portal and drops the database; only the first call does anything. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                portal.close();
            } finally {
                TestDatabases.server().dropDatabase(database.name());
            }
        }
    }
}
