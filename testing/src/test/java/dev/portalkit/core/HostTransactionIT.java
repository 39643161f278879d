package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A plain JDBC host's transaction joined with {@code Portal.joining}: the host's own rows and
 * PortalKit's, audit rows included, commit or roll back together, and a PortalKit failure, caught or
 * not, leaves the host's transaction able only to roll back.
 */
class HostTransactionIT {

    static final Setting<String> BANNER = Setting.string("host.banner", "none");

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder().configure(b -> b.settings(BANNER)).build();

    static final UUID ACTOR = UUID.randomUUID();
    static final CallContext CTX = CallContext.of(ACTOR, "127.0.0.1", "host-tx-test");

    Portal portal;
    SettingsService settings;
    NavigationService nav;

    @BeforeAll
    static void hostTable() throws SQLException {
        // The host's own table, made by its owner; the runtime role gets DML by default privileges.
        try (Connection c = kit.database().directDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS public.host_orders (id uuid PRIMARY KEY, title text NOT NULL)");
        }
    }

    @BeforeEach
    void services() throws SQLException {
        portal = kit.portal();
        settings = portal.service(SettingsService.class);
        nav = portal.service(NavigationService.class);
        try (Connection c = portal.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM public.host_orders");
        }
        nav.fullTree().forEach(n -> nav.delete(n.item().id(), CTX));
        settings.reset(BANNER, CTX);
    }

    /** A connection of the host from the Portal's pool, in manual-commit mode. */
    private Connection hostConnection() throws SQLException {
        Connection c = portal.dataSource().getConnection();
        c.setAutoCommit(false);
        return c;
    }

    private static void order(Connection c, String title) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO public.host_orders (id, title) VALUES (?, ?)")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, title);
            ps.executeUpdate();
        }
    }

    private long orders() throws SQLException {
        try (Connection c = portal.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM public.host_orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long auditRows() throws SQLException {
        try (Connection c = portal.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + portal.schema() + ".activity_logs WHERE actor_id = ?")) {
            ps.setObject(1, ACTOR);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private NavItem link(String title) {
        return nav.create(null, null, NavItemInput.link(title, "/" + title), CTX);
    }

    @Test
    void theHostsRowsAndPortalKitsCommitTogether() throws SQLException {
        long audit = auditRows();
        try (Connection c = hostConnection()) {
            order(c, "first");
            NavItem item = portal.joining(c, () -> {
                settings.set(BANNER, "joined", CTX);
                return link("joined");
            });
            // Nothing is visible outside before the host commits: PortalKit did not commit.
            assertThat(orders()).isZero();
            assertThat(nav.find(item.id())).isEmpty();
            assertThat(auditRows()).isEqualTo(audit);
            c.commit();
        }
        assertThat(orders()).isEqualTo(1);
        assertThat(settings.get(BANNER)).isEqualTo("joined");
        assertThat(nav.fullTree()).hasSize(1);
        assertThat(auditRows()).isEqualTo(audit + 2);
        // The rows written in the host's transaction are sealed after its commit like any others.
        ActivityLog log = portal.service(ActivityLog.class);
        log.seal();
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void aHostRollbackAfterPortalKitCallsLeavesNothingNotEvenAuditRows() throws SQLException {
        long audit = auditRows();
        IllegalStateException hostFailure = new IllegalStateException("the host's own failure");
        try (Connection c = hostConnection()) {
            order(c, "gone");
            assertThatThrownBy(() -> portal.joining(c, () -> {
                settings.set(BANNER, "gone", CTX);
                link("gone");
                throw hostFailure;
            })).isSameAs(hostFailure); // the host's exception passes unchanged
            c.rollback();
        }
        assertThat(orders()).isZero();
        assertThat(settings.get(BANNER)).isEqualTo("none");
        assertThat(nav.fullTree()).isEmpty();
        assertThat(auditRows()).isEqualTo(audit);
    }

    @Test
    void theHostsOwnExceptionLeavesTheDecisionToTheHost() throws SQLException {
        try (Connection c = hostConnection()) {
            order(c, "kept");
            assertThatThrownBy(() -> portal.joining(c, () -> {
                settings.set(BANNER, "kept", CTX);
                throw new IllegalArgumentException("host validation after the call");
            })).isInstanceOf(IllegalArgumentException.class);
            c.commit(); // the host chose to commit anyway: nothing of PortalKit's failed
        }
        assertThat(orders()).isEqualTo(1);
        assertThat(settings.get(BANNER)).isEqualTo("kept");
    }

    @Test
    void aPortalKitFailureCaughtInsideLeavesTheHostTransactionAbleOnlyToRollBack() throws SQLException {
        long audit = auditRows();
        try (Connection c = hostConnection()) {
            order(c, "half");
            assertThatThrownBy(() -> portal.joining(c, () -> {
                settings.set(BANNER, "half", CTX);
                try {
                    nav.create(UUID.randomUUID(), null, NavItemInput.link("Orphan", "/o"), CTX);
                } catch (NotFoundException swallowed) {
                    // a host that ignores a failure must not commit half of its work
                }
            })).isInstanceOfSatisfying(PortalException.class,
                    e -> assertThat(e.code()).isEqualTo(CoreError.TRANSACTION_ROLLED_BACK));
            // Every later statement of the host fails, a later PortalKit call says why, and the COMMIT rolls back.
            assertThatThrownBy(() -> order(c, "after")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            assertThatThrownBy(() -> portal.joining(c, () -> settings.set(BANNER, "later", CTX)))
                    .isInstanceOfSatisfying(PortalException.class,
                            e -> assertThat(e.code()).isEqualTo(CoreError.TRANSACTION_ROLLED_BACK));
            c.commit();
        }
        assertThat(orders()).isZero();
        assertThat(settings.get(BANNER)).isEqualTo("none");
        assertThat(auditRows()).isEqualTo(audit);
    }

    @Test
    void everyKindOfPortalKitFailureMarksTheHostTransaction() throws SQLException {
        List<Supplier<Object>> failures = List.of(
                () -> nav.create(UUID.randomUUID(), null, NavItemInput.link("Orphan", "/o"), CTX), // not found
                () -> nav.create(null, null, null, CTX),                                           // null argument
                () -> settings.set(BANNER, "x".repeat(100_000), null),                            // no context
                () -> portal.service(ActivityLog.class).verify());                                 // refused inside
        for (Supplier<Object> failing : failures) {
            try (Connection c = hostConnection()) {
                order(c, "marked");
                assertThatThrownBy(() -> portal.joining(c, () -> {
                    settings.set(BANNER, "marked", CTX);
                    return failing.get();
                })).isInstanceOf(PortalException.class);
                c.commit();
            }
            assertThat(orders()).isZero();
            assertThat(settings.get(BANNER)).isEqualTo("none");
        }
    }

    @Test
    void callsThatUseConnectionsOfTheirOwnRefuseToRunInside() throws SQLException {
        try (Connection c = hostConnection()) {
            assertThatThrownBy(() -> portal.joining(c, () -> portal.service(ActivityLog.class).verify()))
                    .isInstanceOf(ValidationException.class);
            c.rollback();
        }
        try (Connection c = hostConnection()) {
            assertThatThrownBy(() -> portal.joining(c, () -> portal.health())).isInstanceOf(ValidationException.class);
            c.rollback();
        }
    }

    @Test
    void badConnectionsAndWorkAreRefusedAndChangeNothing() throws SQLException {
        assertThatThrownBy(() -> portal.joining(null, () -> link("x"))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("connection");
        try (Connection c = hostConnection()) {
            assertThatThrownBy(() -> portal.joining(c, (Supplier<Object>) null)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> portal.joining(c, (Runnable) null)).isInstanceOf(ValidationException.class);
            c.rollback();
        }
        try (Connection auto = portal.dataSource().getConnection()) {
            assertThat(auto.getAutoCommit()).isTrue();
            assertThatThrownBy(() -> portal.joining(auto, () -> link("autocommit")))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("autocommit");
        }
        Connection closed = hostConnection();
        closed.close();
        assertThatThrownBy(() -> portal.joining(closed, () -> link("closed")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("closed");
        assertThat(nav.fullTree()).isEmpty();
    }

    @Test
    void aConnectionThatWouldUndoTheAbortIsRefused() throws SQLException {
        // autosave=always rolls every failed statement back to a savepoint: the abort that makes a failed
        // call's transaction roll back would be undone, and the host could commit half of the work.
        var db = kit.database();
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "autosave=always";
        try (Connection c = java.sql.DriverManager.getConnection(url, db.username(), db.password())) {
            c.setAutoCommit(false);
            order(c, "autosave");
            assertThatThrownBy(() -> portal.joining(c, () -> link("autosave")))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("autosave");
            c.rollback();
        }
        assertThat(nav.fullTree()).isEmpty();
    }

    @Test
    void oneThreadRunsInOneTransaction() throws SQLException {
        try (Connection c = hostConnection(); Connection other = hostConnection()) {
            // inside PortalKit's own transaction
            assertThatThrownBy(() -> portal.inTransaction(() -> portal.joining(c, () -> link("nested"))))
                    .isInstanceOfSatisfying(PortalException.class, e -> assertThat(e.code()).isIn(
                            CoreError.INVALID_ARGUMENT, CoreError.TRANSACTION_ROLLED_BACK));
            // inside a join of another connection
            assertThatThrownBy(() -> portal.joining(c, () -> portal.joining(other, () -> link("other"))))
                    .isInstanceOf(PortalException.class);
            c.rollback();
            other.rollback();
            // the same connection again, and inTransaction inside a join: both just join
            order(c, "nested");
            portal.joining(c, () -> portal.joining(c, () -> portal.inTransaction(() -> link("inner"))));
            c.commit();
        }
        assertThat(orders()).isEqualTo(1);
        assertThat(nav.fullTree()).extracting(n -> n.item().label()).containsExactly("inner");
    }

    @Test
    void aClosedPortalRefusesToJoin() throws SQLException {
        try (Connection c = hostConnection()) {
            Portal closed = Portal.builder().dataSource(portal.dataSource()).schema(portal.schema())
                    .migration(MigrationMode.VALIDATE).backgroundSealing(false).build();
            closed.close();
            assertThatThrownBy(() -> closed.joining(c, () -> closed.service(SettingsService.class).set(BANNER, "late", CTX)))
                    .isInstanceOfSatisfying(PortalException.class, e -> assertThat(e.code()).isEqualTo(CoreError.PORTAL_CLOSED));
            c.rollback();
        }
    }

    /**
     * A burst of hosts, each on its own connection: some commit, some roll back, some swallow a
     * PortalKit failure and commit anyway. Exactly the committed hosts' rows exist, each with its
     * PortalKit row and audit row.
     */
    @Test
    void aBurstOfHostsCommitsExactlyTheirOwnWork() throws SQLException {
        int threads = 24;
        long audit = auditRows();
        List<Race.Outcome<String>> outcomes = Race.run(threads, i -> () -> {
            String title = "t" + i;
            try (Connection c = hostConnection()) {
                order(c, title);
                try {
                    portal.joining(c, () -> {
                        link(title);
                        if (i % 3 == 2) {
                            try {
                                nav.create(UUID.randomUUID(), null, NavItemInput.link("x", "/x"), CTX);
                            } catch (NotFoundException swallowed) {
                                // caught: the host's commit must still roll back
                            }
                        }
                    });
                } catch (PortalException e) {
                    c.commit(); // a careless host commits anyway
                    return "marked";
                }
                if (i % 3 == 1) {
                    c.rollback();
                    return "rolled back";
                }
                c.commit();
                return title;
            }
        });
        assertThat(outcomes).noneMatch(Race.Outcome::failed);
        List<String> committed = outcomes.stream().map(Race.Outcome::value).filter(v -> v.startsWith("t")).toList();
        assertThat(committed).hasSize(threads / 3);
        assertThat(orders()).isEqualTo(committed.size());
        assertThat(nav.fullTree()).extracting(n -> n.item().label()).containsExactlyInAnyOrderElementsOf(committed);
        assertThat(auditRows()).isEqualTo(audit + committed.size());
    }
}
