package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.spi.HostTransaction;
import dev.portalkit.core.spi.HostTransactions;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link HostTransactions} SPI as a framework uses it, with a minimal framework of the test's own
 * (the Spring starter's tests cover Spring's): calls join the bound transaction, every failure marks
 * it (bad input refused before PortalKit opened anything included), and every connection PortalKit
 * takes from the host is released.
 */
class HostTransactionsSpiIT {

    static final Setting<String> BANNER = Setting.string("spi.banner", "none");
    static final CallContext CTX = CallContext.of(UUID.randomUUID(), "127.0.0.1", "spi-test");

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder().configure(b -> b.settings(BANNER)).build();

    /** A framework that binds one connection per thread and ends it itself. */
    static final class Framework implements HostTransactions {
        final ThreadLocal<Connection> bound = new ThreadLocal<>();
        final ThreadLocal<PortalException> rollbackOnly = new ThreadLocal<>();
        final AtomicInteger taken = new AtomicInteger();
        final AtomicInteger released = new AtomicInteger();
        final List<PortalException> marks = new CopyOnWriteArrayList<>();
        DataSource pool;

        @Override
        public HostTransaction current(DataSource dataSource) {
            Connection c = bound.get();
            if (c == null || dataSource != pool) {
                return null;
            }
            taken.incrementAndGet();
            return new HostTransaction() {
                @Override
                public Connection connection() {
                    return c;
                }

                @Override
                public void setRollbackOnly(PortalException cause) {
                    marks.add(cause);
                    rollbackOnly.set(cause);
                }

                @Override
                public void afterCommit(Runnable action) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void release() {
                    released.incrementAndGet();
                }
            };
        }

        void begin() throws SQLException {
            Connection c = pool.getConnection();
            c.setAutoCommit(false);
            bound.set(c);
        }

        /** Commits unless a PortalKit call marked the transaction; then rolls back and says so. */
        boolean end(boolean commit) throws SQLException {
            Connection c = bound.get();
            bound.remove();
            boolean marked = rollbackOnly.get() != null;
            rollbackOnly.remove();
            try (c) {
                if (commit && !marked) {
                    c.commit();
                    return true;
                }
                c.rollback();
                return false;
            }
        }
    }

    final Framework framework = new Framework();
    Portal portal;
    SettingsService settings;
    NavigationService nav;

    @BeforeEach
    void portal() throws SQLException {
        framework.pool = kit.portal().dataSource();
        portal = Portal.builder().dataSource(framework.pool).schema(kit.portal().schema()).settings(BANNER)
                .migration(MigrationMode.VALIDATE).backgroundSealing(false).hostTransactions(framework).build();
        settings = portal.service(SettingsService.class);
        nav = portal.service(NavigationService.class);
        try (Connection c = kit.database().directDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS public.spi_orders (id uuid PRIMARY KEY)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        assertThat(framework.released.get()).as("every host transaction PortalKit took is released")
                .isEqualTo(framework.taken.get());
        nav.fullTree().forEach(n -> nav.delete(n.item().id(), CTX));
        settings.reset(BANNER, CTX);
        try (Connection c = framework.pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM public.spi_orders");
        }
        portal.close();
    }

    private void order() throws SQLException {
        try (Statement s = framework.bound.get().createStatement()) {
            s.execute("INSERT INTO public.spi_orders VALUES (gen_random_uuid())");
        }
    }

    private long orders() throws SQLException {
        try (Connection c = framework.pool.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM public.spi_orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void callsJoinTheFrameworksTransactionAndItsEndDecides() throws SQLException {
        framework.begin();
        order();
        settings.set(BANNER, "framework", CTX);
        nav.create(null, null, NavItemInput.link("Joined", "/j"), CTX);
        assertThat(settings.get(BANNER)).as("a read in the transaction sees its writes").isEqualTo("framework");
        assertThat(framework.end(false)).isFalse();
        assertThat(settings.get(BANNER)).isEqualTo("none");
        assertThat(nav.fullTree()).isEmpty();

        framework.begin();
        order();
        settings.set(BANNER, "framework", CTX);
        assertThat(framework.end(true)).isTrue();
        assertThat(settings.get(BANNER)).isEqualTo("framework");
        assertThat(orders()).isEqualTo(1);
    }

    @Test
    void badInputRefusedBeforeAnythingOpenedStillMarksTheFrameworksTransaction() throws SQLException {
        framework.begin();
        order();
        settings.set(BANNER, "half", CTX);
        assertThatThrownBy(() -> nav.create(null, null, null, CTX)).isInstanceOf(ValidationException.class);
        assertThat(framework.marks).singleElement().isInstanceOf(ValidationException.class);
        assertThat(framework.end(true)).as("a marked transaction does not commit").isFalse();
        assertThat(orders()).isZero();
        assertThat(settings.get(BANNER)).isEqualTo("none");
    }

    @Test
    void aFailureInsideACallAndACaughtOneInsideInTransactionMarkIt() throws SQLException {
        framework.begin();
        assertThatThrownBy(() -> nav.create(UUID.randomUUID(), null, NavItemInput.link("x", "/x"), CTX))
                .isInstanceOf(NotFoundException.class);
        assertThat(framework.end(true)).isFalse();

        framework.begin();
        assertThatThrownBy(() -> portal.inTransaction(() -> {
            try {
                nav.create(UUID.randomUUID(), null, NavItemInput.link("x", "/x"), CTX);
            } catch (NotFoundException swallowed) {
                // caught inside: the framework's transaction is marked all the same
            }
        })).isInstanceOfSatisfying(PortalException.class, e -> assertThat(e.code()).isEqualTo(CoreError.TRANSACTION_ROLLED_BACK));
        assertThat(framework.end(true)).isFalse();
        assertThat(framework.marks).isNotEmpty().allMatch(e -> e instanceof NotFoundException
                || e.code() == CoreError.TRANSACTION_ROLLED_BACK);
    }

    @Test
    void withoutABoundTransactionCallsRunTheirOwn() {
        settings.set(BANNER, "own", CTX);
        assertThat(settings.get(BANNER)).isEqualTo("own");
        assertThat(framework.taken.get()).isZero();
    }

    @Test
    void refusalsOfWorkThatCannotJoinApplyInTheFrameworksTransaction() throws SQLException {
        framework.begin();
        assertThatThrownBy(() -> portal.service(ActivityLog.class).verify()).isInstanceOf(ValidationException.class);
        assertThat(framework.end(true)).isFalse();
    }

    @Test
    void aBurstOfFrameworkTransactionsKeepsEachOnesWork() throws SQLException {
        int threads = 16;
        List<Race.Outcome<Boolean>> outcomes = Race.run(threads, i -> () -> {
            framework.begin();
            order();
            nav.create(null, null, NavItemInput.link("n" + i, "/n" + i), CTX);
            if (i % 4 == 2) {
                try {
                    nav.create(UUID.randomUUID(), null, NavItemInput.link("x", "/x"), CTX);
                } catch (NotFoundException swallowed) {
                    // marked: its commit must not happen
                }
            }
            return framework.end(i % 2 == 0);
        });
        assertThat(outcomes).noneMatch(Race.Outcome::failed);
        long committed = outcomes.stream().filter(Race.Outcome::value).count();
        assertThat(committed).isEqualTo(threads / 4); // the even ones that were not marked
        assertThat(orders()).isEqualTo(committed);
        assertThat(nav.fullTree()).hasSize((int) committed);
    }
}
