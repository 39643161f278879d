package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.portalkit.demo.DemoModule;
import dev.portalkit.demo.DemoService;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How a Portal behaves when the database misbehaves. */
class FaultsIT {

    @Test
    void aStatementPastTheTimeoutFailsTypedAndReleasesItsConnection() {
        TestDatabase db = TestDatabases.migrated("portal", List.of(new DemoModule()));
        try (Portal portal = Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password()).backgroundSealing(false)
                .migration(MigrationMode.NONE).statementTimeout(Duration.ofSeconds(1))
                .install(new DemoModule()).build()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> portal.service(DemoService.class).provoke("slow"))
                    .isInstanceOf(PortalException.class)
                    .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.QUERY_TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
            assertThat(((HikariDataSource) portal.dataSource()).getHikariPoolMXBean().getActiveConnections()).isZero();
            assertThat(portal.service(NavigationService.class).fullTree()).isEmpty(); // the pool still serves
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    @Test
    void fiftyThreadsWithNestedTransactionsOnAPoolOfTenNeverDeadlock() throws Exception {
        TestDatabase db = TestDatabases.migrated("portal", List.of());
        try (Portal portal = Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password()).backgroundSealing(false)
                .migration(MigrationMode.NONE).maximumPoolSize(10).connectionTimeout(Duration.ofSeconds(20)).build()) {
            NavigationService nav = portal.service(NavigationService.class);
            SettingsService settings = portal.service(SettingsService.class);
            int ok = run(50, () -> portal.inTransaction(() -> {
                nav.fullTree();
                portal.inTransaction(() -> settings.all()); // nested: joins, takes no second connection
                sleep(20);
                return nav.fullTree().size();
            }), new AtomicInteger());
            assertThat(ok).isEqualTo(50);
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    @Test
    void anExhaustedPoolFailsTypedWithItsCountsInTheMessage() throws Exception {
        TestDatabase db = TestDatabases.migrated("portal", List.of());
        try (Portal portal = Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password()).backgroundSealing(false)
                .migration(MigrationMode.NONE).maximumPoolSize(2).connectionTimeout(Duration.ofMillis(300)).build()) {
            NavigationService nav = portal.service(NavigationService.class);
            List<String> messages = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicInteger unavailable = new AtomicInteger();
            run(8, () -> portal.inTransaction(() -> {
                nav.fullTree();
                sleep(600); // hold the connection longer than the others will wait
                return 1;
            }), unavailable, messages);
            assertThat(unavailable.get()).isPositive();
            assertThat(messages).allSatisfy(m -> assertThat(m).contains("PK-1032").contains("total=2").contains("active=2"));
            assertThat(nav.fullTree()).isEmpty(); // and it serves again afterwards
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    @Test
    void aDatabaseRestartIsSurvivedWithoutRestartingThePortal() throws Exception {
        Path data = Files.createTempDirectory("portalkit-restart");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = start(data, port);
        try (Portal portal = Portal.builder().jdbcUrl("jdbc:postgresql://localhost:" + port + "/postgres")
                .username("postgres").connectionTimeout(Duration.ofSeconds(2)).build()) {
            NavigationService nav = portal.service(NavigationService.class);
            NavItem kept = nav.create(null, null, NavItemInput.link("Kept", "/kept"), CallContext.system("t"));
            pg.close();

            long t0 = System.nanoTime();
            assertThatThrownBy(nav::fullTree)
                    .isInstanceOf(TransientException.class)
                    .satisfies(e -> assertThat(((PortalException) e).isRetryable()).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));

            pg = start(data, port);
            List<NavNode> tree = null;
            for (int i = 0; i < 20 && tree == null; i++) { // the pool replaces its dead connections
                try {
                    tree = nav.fullTree();
                } catch (TransientException e) {
                    Thread.sleep(250);
                }
            }
            assertThat(tree).extracting(n -> n.item().id()).containsExactly(kept.id());
            nav.create(null, null, NavItemInput.link("After", "/after"), CallContext.system("t"));
        } finally {
            pg.close();
        }
    }

    private static EmbeddedPostgres start(Path data, int port) throws java.io.IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int run(int threads, java.util.concurrent.Callable<Integer> task, AtomicInteger unavailable)
            throws Exception {
        return run(threads, task, unavailable, new ArrayList<>());
    }

    private static int run(int threads, java.util.concurrent.Callable<Integer> task, AtomicInteger unavailable,
                           List<String> messages) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                barrier.await();
                try {
                    task.call();
                    return true;
                } catch (TransientException e) {
                    unavailable.incrementAndGet();
                    messages.add(e.getMessage());
                    return false;
                }
            }));
        }
        int ok = 0;
        for (Future<Boolean> f : results) {
            ok += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        return ok;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
