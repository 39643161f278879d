package dev.portalkit.core;

import static dev.portalkit.core.MigrationIT.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.portalkit.demo.DemoModule;
import dev.portalkit.demo.DemoService;
import dev.portalkit.demoaddon.DemoAddonModule;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A pool of one connection starts, migrates and serves; calls waiting for a connection when the
 * Portal closes end with PK-1004 instead of waiting out the connection timeout.
 */
class PoolsIT extends EmptyDatabaseTest {

    static final CallContext WHO = CallContext.system("pools-test");

    /**
     * An owned pool straight to the server (migrations need a direct connection, and here share the
     * pool), as the owner: a pool that migrates must own the schema (when roles are split too).
     */
    Portal.Builder owned(int size) {
        return Portal.builder().jdbcUrl(db.directJdbcUrl()).username(db.ownerUsername()).password(db.ownerPassword())
                .minimumIdle(0).maximumPoolSize(size);
    }

    HikariDataSource hostPool(int size, Duration connectionTimeout) {
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(db.directJdbcUrl());
        h.setUsername(db.ownerUsername());
        h.setPassword(db.ownerPassword());
        h.setMaximumPoolSize(size);
        h.setMinimumIdle(0);
        h.setConnectionTimeout(connectionTimeout.toMillis());
        return new HikariDataSource(h);
    }

    @Test
    void anOwnedPoolOfOneConnectionMigratesAndServesNestedTransactions() throws SQLException {
        try (Portal portal = owned(1).connectionTimeout(Duration.ofSeconds(5))
                .install(new DemoModule(), new DemoAddonModule()).build()) {
            servesNestedTransactions(portal);
        }
        try (Portal again = owned(1).migration(MigrationMode.VALIDATE).install(new DemoModule(), new DemoAddonModule()).build()) {
            assertThat(again.service(NavigationService.class).fullTree()).hasSize(1);
        }
    }

    @Test
    void aHostPoolOfOneConnectionMigratesAndServesNestedTransactions() throws SQLException {
        try (HikariDataSource host = hostPool(1, Duration.ofSeconds(5))) {
            try (Portal portal = Portal.builder().dataSource(host).install(new DemoModule(), new DemoAddonModule()).build()) {
                servesNestedTransactions(portal);
            }
            try (Portal again = Portal.builder().dataSource(host).migration(MigrationMode.VALIDATE)
                    .install(new DemoModule(), new DemoAddonModule()).build()) {
                assertThat(again.service(NavigationService.class).fullTree()).hasSize(1);
            }
            assertThat(host.isClosed()).as("PortalKit never closes a host's pool").isFalse();
        }
    }

    private void servesNestedTransactions(Portal portal) throws SQLException {
        NavigationService nav = portal.service(NavigationService.class);
        DemoService demo = portal.service(DemoService.class);
        SettingsService settings = portal.service(SettingsService.class);
        portal.inTransaction(() -> {
            NavItem docs = nav.create(null, null, NavItemInput.link("Docs", "/docs"), WHO);
            portal.inTransaction(() -> {                   // joins the outer transaction: no second connection
                demo.create("one", 1, WHO);
                nav.create(docs.id(), null, NavItemInput.link("Admin", "/docs/admin"), WHO);
                assertThat(settings.all()).isEmpty();
            });
            assertThat(nav.fullTree()).hasSize(1);
        });
        assertThat(nav.fullTree().get(0).children()).hasSize(1);
        assertThat(portal.service(ActivityLog.class).find(ActivityQuery.all(), PageRequest.first(10)).items())
                .extracting(ActivityEntry::action).contains("demo_item.created");
        assertThat(query(portal.dataSource(), "SELECT count(*) FROM portal.demo_items")).containsExactly("1");
    }

    @Test
    void fourPortalsEachWithAPoolOfOneMigrateOneEmptyDatabaseAtOnceApplyingEachMigrationOnce() throws Exception {
        int n = 4;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<Future<Portal>> portals = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                portals.add(threads.submit(() -> {
                    start.await();
                    return owned(1).install(new DemoModule()).build();
                }));
            }
            for (Future<Portal> f : portals) {
                try (Portal p = f.get(60, TimeUnit.SECONDS)) {
                    assertThat(p.service(NavigationService.class).fullTree()).isEmpty();
                }
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(query(db.dataSource(), "SELECT version || ':' || success FROM portal.portalkit_core_history"
                + " WHERE version <> '0' ORDER BY installed_rank")).containsExactly("1:true", "2:true", "3:true", "4:true", "5:true", "6:true",
                        "7:true", "8:true", "9:true", "10:true", "11:true", "12:true");
        assertThat(query(db.dataSource(), "SELECT count(*) FROM portal.portalkit_demo_history WHERE version = '1'"))
                .containsExactly("1");
    }

    @Test
    void callsWaitingForAnOwnedPoolWhenThePortalClosesEndWithPortalClosed() throws Exception {
        Portal portal = owned(2).connectionTimeout(Duration.ofSeconds(30)).build();
        closeWhileCallsWait(portal, (HikariDataSource) portal.dataSource());
    }

    @Test
    void callsWaitingForAHostPoolWhenThePortalClosesEndWithPortalClosedAndThePoolStaysOpen() throws Exception {
        try (HikariDataSource host = hostPool(2, Duration.ofSeconds(30))) {
            Portal portal = Portal.builder().dataSource(host).build();
            closeWhileCallsWait(portal, host);
            assertThat(host.isClosed()).isFalse();
            assertThat(query(host, "SELECT count(*) FROM portal.nav_items")).containsExactly("0");
            assertThat(host.getHikariPoolMXBean().getThreadsAwaitingConnection()).isZero();
        }
    }

    /**
     * Two calls hold the pool's two connections inside inTransaction; a burst of calls waits for one
     * (connectionTimeout 30 s); close() must end every waiting call with PK-1004 well before that,
     * with the interrupt it used to wake them cleared.
     */
    private static void closeWhileCallsWait(Portal portal, HikariDataSource pool) throws Exception {
        NavigationService nav = portal.service(NavigationService.class);
        int holders = 2;
        int waiters = 12;
        CountDownLatch holding = new CountDownLatch(holders);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(holders + waiters);
        try {
            List<Future<Object>> held = new ArrayList<>();
            for (int i = 0; i < holders; i++) {
                held.add(threads.submit(() -> outcome(() -> portal.inTransaction(() -> {
                    nav.fullTree();
                    holding.countDown();
                    awaitQuietly(release);
                    return nav.fullTree();
                }))));
            }
            assertThat(holding.await(20, TimeUnit.SECONDS)).as("both holders got a connection").isTrue();
            List<Future<Object>> waiting = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                boolean inTransaction = i % 2 == 0;
                waiting.add(threads.submit(() -> {
                    Object result = outcome(() -> inTransaction ? portal.inTransaction(nav::fullTree) : nav.fullTree());
                    return new Waited(result, Thread.currentThread().isInterrupted());
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (pool.getHikariPoolMXBean().getThreadsAwaitingConnection() < waiters && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(pool.getHikariPoolMXBean().getThreadsAwaitingConnection()).as("calls waiting for a connection")
                    .isEqualTo(waiters);

            // An owned pool's close waits for the connections in use: close on a thread of its own.
            Thread closer = new Thread(portal::close, "closer");
            closer.start();
            for (Future<Object> f : waiting) {
                Waited w = (Waited) f.get(5, TimeUnit.SECONDS); // far below the 30 s connection timeout
                assertThat(w.result()).as("a call waiting when close() ran").isInstanceOf(PortalException.class);
                assertThat(((PortalException) w.result()).code()).as("%s", w.result()).isEqualTo(CoreError.PORTAL_CLOSED);
                assertThat(w.interruptedAfter()).as("the interrupt close() used is cleared").isFalse();
            }
            assertThatThrownBy(nav::fullTree).as("a call after close()")
                    .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.PORTAL_CLOSED));
            assertThatThrownBy(() -> portal.inTransaction(() -> nav.fullTree()))
                    .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.PORTAL_CLOSED));

            release.countDown();
            for (Future<Object> f : held) {
                Object result = f.get(20, TimeUnit.SECONDS); // done either way: committed (host pool) or aborted (owned)
                assertThat(result).as("a call holding a connection when close() ran")
                        .satisfiesAnyOf(r -> assertThat(r).isInstanceOf(List.class), r -> assertThat(r).isInstanceOf(PortalException.class));
            }
            closer.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(closer.isAlive()).as("close() returned").isFalse();
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    record Waited(Object result, boolean interruptedAfter) {
    }

    /** The call's result, or what it threw. */
    private static Object outcome(java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
