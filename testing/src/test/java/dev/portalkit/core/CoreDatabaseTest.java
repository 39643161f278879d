package dev.portalkit.core;

import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * For tests that rewrite core's tables behind the triggers' back: each test gets a database of its
 * own with core migrated, and the Portals it opened ({@link #portals}) are closed before the drop.
 */
abstract class CoreDatabaseTest {

    TestDatabase db;
    final List<Portal> portals = new ArrayList<>();

    @BeforeEach
    void coreDatabase() {
        db = TestDatabases.migrated("portal", List.of());
    }

    /** Runs {@code sql} in one transaction as the schema's owner (what a test does behind a Portal's back). */
    void asOwner(String... sql) throws SQLException {
        try (Connection c = db.directDataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String q : sql) {
                s.execute(q);
            }
            c.commit();
        }
    }

    /**
     * As {@link #asOwner}, with the user triggers of the trail, its seals and checkpoints switched off
     * around {@code sql}: what the tables' owner can do, and a forger would.
     */
    void asOwnerTriggersOff(String... sql) throws SQLException {
        List<String> all = new ArrayList<>();
        List<String> tables = List.of("activity_logs", "activity_log_seals", "activity_log_checkpoints");
        tables.forEach(t -> all.add("ALTER TABLE portal." + t + " DISABLE TRIGGER USER"));
        all.addAll(List.of(sql));
        tables.forEach(t -> all.add("ALTER TABLE portal." + t + " ENABLE TRIGGER USER"));
        asOwner(all.toArray(String[]::new));
    }

    @AfterEach
    void closeAndDrop() {
        portals.forEach(Portal::close);
        TestDatabases.server().dropDatabase(db.name());
    }
}
