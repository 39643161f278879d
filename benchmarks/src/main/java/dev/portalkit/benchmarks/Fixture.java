package dev.portalkit.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.InMemoryPaymentGateway;
import dev.portalkit.content.ContentModule;
import dev.portalkit.core.AuditCheckpoint;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.messaging.InMemoryEmailSender;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.messaging.MessagingOptions;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import dev.portalkit.testing.WireCounter;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * One migrated database with every module, a Hikari pool the benchmark owns (PortalKit and the raw
 * JDBC baseline share it), a Portal on that pool, and a second pool + Portal routed through the
 * {@link WireCounter} for counting round trips.
 */
final class Fixture implements AutoCloseable {

    static final String SCHEMA = "portal";

    final TestDatabase db;
    final HikariDataSource pool;
    final Portal portal;
    final WireCounter counter;
    final HikariDataSource countedPool;
    final Portal countedPortal;
    /** Receives every checkpoint the timed Portal's sealer writes, right after its commit (AuditBench sets it). */
    volatile Consumer<AuditCheckpoint> onCheckpoint = cp -> { };

    static List<PortalModule> modules(int bcryptCost) {
        return List.of(
                new AuthModule(AuthOptions.builder().bcryptCost(bcryptCost).build()),
                new BillingModule(BillingOptions.builder().gateway(new InMemoryPaymentGateway()).build()),
                new ContentModule(),
                new MessagingModule(MessagingOptions.builder().sender(new InMemoryEmailSender()).from("bench@bench.test").build()));
    }

    Fixture(int bcryptCost, int poolSize) throws IOException {
        this(bcryptCost, poolSize, true);
    }

    /** {@code backgroundSealing} false: no sealer at all, rows are sealed only by {@code seal()} (growth --tables=logs times it). */
    Fixture(int bcryptCost, int poolSize, boolean backgroundSealing) throws IOException {
        List<PortalModule> modules = modules(bcryptCost);
        db = TestDatabases.migrated(SCHEMA, modules);
        pool = pool(db.jdbcUrl(), poolSize);
        // The default background sealer (every 500 ms), as a host gets it, unless turned off; the only
        // one on the database, so every checkpoint passes through onCheckpoint (the audit section's seal lag).
        portal = Portal.builder().dataSource(pool).schema(SCHEMA).migration(MigrationMode.NONE)
                .settings(HotCalls.SITE_NAME).onAuditCheckpoint(cp -> onCheckpoint.accept(cp)).backgroundSealing(backgroundSealing)
                .install(modules.toArray(PortalModule[]::new)).build();
        counter = WireCounter.inFrontOf(db);
        countedPool = pool(counter.jdbcUrl(), 1);
        // No sealer here: its statements would go through the counter, on the one connection, in
        // the middle of the calls being counted. The timed Portal's sealer seals these rows too.
        countedPortal = Portal.builder().dataSource(countedPool).schema(SCHEMA).migration(MigrationMode.NONE)
                .settings(HotCalls.SITE_NAME).backgroundSealing(false)
                .install(modules(bcryptCost).toArray(PortalModule[]::new)).build();
    }

    private HikariDataSource pool(String url, int size) {
        HikariConfig c = new HikariConfig();
        String sep = url.contains("?") ? "&" : "?";
        c.setJdbcUrl(url + sep + "sslmode=disable&gssEncMode=disable");
        c.setUsername(db.username());
        c.setPassword(db.password());
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(size);
        return new HikariDataSource(c);
    }

    @Override
    public void close() throws IOException {
        countedPortal.close();
        countedPool.close();
        counter.close();
        portal.close();
        pool.close();
        TestDatabases.server().dropDatabase(db.name());
    }
}
