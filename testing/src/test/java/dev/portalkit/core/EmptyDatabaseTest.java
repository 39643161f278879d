package dev.portalkit.core;

import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** For tests of migration itself: each test gets a new, empty database, dropped afterwards. */
abstract class EmptyDatabaseTest {

    TestDatabase db;

    @BeforeEach
    void emptyDatabase() {
        db = TestDatabases.empty();
    }

    @AfterEach
    void dropDatabase() {
        TestDatabases.server().dropDatabase(db.name());
    }

    /** A builder for a Portal owning a small pool on the test's database. */
    Portal.Builder builder() {
        return Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password()).minimumIdle(0)
                .migrationDataSource(db.directDataSource());
    }
}
