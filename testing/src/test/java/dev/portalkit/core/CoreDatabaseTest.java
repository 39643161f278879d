package dev.portalkit.core;

import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
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

    @AfterEach
    void closeAndDrop() {
        portals.forEach(Portal::close);
        TestDatabases.server().dropDatabase(db.name());
    }
}
