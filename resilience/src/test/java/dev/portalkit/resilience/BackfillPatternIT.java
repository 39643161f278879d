package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.resilience.MigrationLint.Migration;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migration pattern README "Migrations" tells future migrations to follow (the content V2 lesson), run for
 * real: a table in use gets a derived table through triggers first, then a batched backfill, while writers keep
 * writing; afterwards the derived table is exactly what the source says. And SET LOCAL lock_timeout does what the
 * lint makes every migration rely on: a migration that cannot get its lock fails in seconds instead of queueing
 * everyone behind it, and the timeout does not stay on the connection.
 */
class BackfillPatternIT {

    static final String LOCATION = "dev/portalkit/resilience/backfill/db/migration";
    static final String SCHEMA = "backfill_demo";
    static final String[] FILES = {"V1__cards.sql", "V2__card_tags.sql", "V3__card_tags_backfill.sql"};
    static final String[] TAGS = {"a", "b", "c", "d", "e", "f", "g", "h"};

    TestDatabase db;

    @BeforeEach
    void database() {
        db = TestDatabases.empty();
    }

    @AfterEach
    void drop() {
        TestDatabases.server().dropDatabase(db.name());
    }

    Flyway flyway(DataSource ds, String target) {
        return Flyway.configure(getClass().getClassLoader()).dataSource(ds).schemas(SCHEMA).defaultSchema(SCHEMA)
                .createSchemas(true).locations("classpath:" + LOCATION).target(target).loggers("slf4j").load();
    }

    @Test
    void thePatternsMigrationsPassTheLint() {
        List<Migration> files = new ArrayList<>();
        for (String f : FILES) {
            files.add(new Migration("backfill/" + f, resource(f), resource(f + ".conf").isEmpty()));
        }
        assertThat(files.get(2).transactional()).isFalse();
        assertThat(MigrationLint.check(files)).isEmpty();
    }

    @Test
    void triggersFirstThenBatchesLeaveTheDerivedTableRightWhileWritersKeepWriting() throws Exception {
        DataSource ds = db.directDataSource();
        flyway(ds, "1").migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET search_path = " + SCHEMA);
            // 4,000 cards, some soft-deleted: several batches of 500 before the writers change anything.
            s.execute("INSERT INTO cards (tags, status, position, deleted_at) SELECT "
                    + "(SELECT coalesce(array_agg(t), '{}') FROM unnest(ARRAY['a','b','c','d','e','f','g','h']) t"
                    + "  WHERE random() < 0.3 AND g > 0), "
                    + "CASE WHEN g % 3 = 0 THEN 'PUBLISHED' ELSE 'DRAFT' END, g % 50, "
                    + "CASE WHEN g % 10 = 0 THEN now() END FROM generate_series(1, 4000) g");
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Thread t = new Thread(() -> write(ds, stop, writes, errors), "writer-" + w);
            t.start();
            writers.add(t);
        }
        try {
            Thread.sleep(200);
            long before = writes.get();
            var result = flyway(ds, "latest").migrate();
            long during = writes.get() - before;
            Thread.sleep(200);
            stop.set(true);
            for (Thread t : writers) {
                t.join(30_000);
            }
            assertThat(errors).isEmpty();
            assertThat(result.migrationsExecuted).isEqualTo(2);
            assertThat(during).as("writes went on while V2 and V3 ran").isPositive();
        } finally {
            stop.set(true);
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET search_path = " + SCHEMA);
            String expected = "SELECT DISTINCT c.id, t, c.status, c.position FROM cards c, unnest(c.tags) t"
                    + " WHERE c.deleted_at IS NULL";
            String actual = "SELECT card_id, tag, status, position FROM card_tags";
            assertThat(count(s, "(" + expected + " EXCEPT " + actual + ") UNION ALL (" + actual + " EXCEPT " + expected + ")"))
                    .as("card_tags differs from what cards say").isZero();
            assertThat(count(s, actual)).isGreaterThan(1000);
        }
    }

    /** Random single-card writes, each its own transaction, as an application's would be. */
    private static void write(DataSource ds, AtomicBoolean stop, AtomicLong writes, ConcurrentLinkedQueue<Throwable> errors) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET search_path = " + SCHEMA);
            ThreadLocalRandom r = ThreadLocalRandom.current();
            String pick = "(SELECT id FROM cards OFFSET floor(random() * 4000) LIMIT 1)";
            while (!stop.get()) {
                String tags = "ARRAY['" + TAGS[r.nextInt(TAGS.length)] + "','" + TAGS[r.nextInt(TAGS.length)] + "']";
                switch (r.nextInt(6)) {
                    case 0 -> s.execute("INSERT INTO cards (tags, position) VALUES (" + tags + ", " + r.nextInt(50) + ")");
                    case 1 -> s.execute("UPDATE cards SET tags = " + tags + " WHERE id = " + pick);
                    case 2 -> s.execute("UPDATE cards SET deleted_at = now() WHERE id = " + pick);
                    case 3 -> s.execute("UPDATE cards SET deleted_at = NULL WHERE id = " + pick);
                    case 4 -> s.execute("UPDATE cards SET position = " + r.nextInt(50) + ", status = 'PUBLISHED' WHERE id = " + pick);
                    default -> s.execute("DELETE FROM cards WHERE id = " + pick);
                }
                writes.incrementAndGet();
            }
        } catch (Throwable e) {
            errors.add(e);
        }
    }

    @Test
    void setLocalLockTimeoutFailsAMigrationThatCannotGetItsLockAndStaysOffTheConnection() throws Exception {
        DataSource ds = db.directDataSource();
        flyway(ds, "1").migrate();
        try (Connection holder = ds.getConnection(); Connection migration = ds.getConnection()) {
            // An application transaction left open on cards: V2's CREATE TRIGGER cannot get its lock.
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("INSERT INTO " + SCHEMA + ".cards DEFAULT VALUES");
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> flyway(single(migration), "2").migrate())
                    .hasStackTraceContaining("lock timeout");
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertThat(seconds).as("failed by lock_timeout (5s), not by waiting").isLessThan(20);
            holder.rollback();
            // Rolled back whole: the next start applies it.
            assertThat(flyway(single(migration), "2").migrate().migrationsExecuted).isEqualTo(1);
            // LOCAL: the connection Flyway migrated on (MigrationRunner's, then a pool's) keeps the server default.
            try (Statement s = migration.createStatement(); ResultSet rs = s.executeQuery("SHOW lock_timeout")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("0");
            }
        }
    }

    private static long count(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + query + ") x")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String resource(String name) {
        try (InputStream in = BackfillPatternIT.class.getClassLoader().getResourceAsStream(LOCATION + "/" + name)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A DataSource handing out {@code c} and never closing it: Flyway runs on one connection, as in MigrationRunner. */
    private static DataSource single(Connection c) {
        Connection unclosable = (Connection) Proxy.newProxyInstance(BackfillPatternIT.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (DataSource) Proxy.newProxyInstance(BackfillPatternIT.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> unclosable;
                    case "isWrapperFor" -> false;
                    case "getLoginTimeout" -> 0;
                    default -> null;
                });
    }
}
