package dev.portalkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.NavItemInput;
import dev.portalkit.core.NavigationService;
import dev.portalkit.core.Portal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What {@link WireCounter#statementLog()} records, and that its round trips are what pgjdbc sends. */
class StatementLogIT {

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.core();

    static final StatementLog log = WireCounter.statementLog();
    static DataSource logged;

    @BeforeAll
    static void table() throws SQLException {
        logged = log.wrap(kit.database().dataSource());
        // DDL as the owner (with PORTALKIT_TEST_ROLES=split the runtime role may only read and write).
        try (Connection c = kit.database().directDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.notes (id uuid PRIMARY KEY, body text NOT NULL, n int)");
        }
    }

    @Test
    void aTransactionCostsItsStatementsAndOneCommitItsBeginNothing() {
        assertThat(log.during(() -> jdbc(c -> {
            c.setAutoCommit(false);
            insert(c, "a", 1);
            insert(c, "b", 2);
            c.commit();
        }))).containsExactly("INSERT INTO public.notes VALUES (?, ?, ?)", "INSERT INTO public.notes VALUES (?, ?, ?)",
                "COMMIT");
    }

    @Test
    void aCommitOrRollbackWithNoTransactionOpenOnTheServerSendsNothingAndIsNotListed() {
        assertThat(log.during(() -> jdbc(c -> {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO public.notes VALUES (gen_random_uuid(), 'c', 3); COMMIT");
            }
            c.commit(); // the COMMIT went with the INSERT
            c.rollback();
        }))).containsExactly("INSERT INTO public.notes VALUES (gen_random_uuid(), 'c', 3); COMMIT");
        assertThat(log.during(() -> jdbc(c -> {
            c.setAutoCommit(false);
            c.setAutoCommit(true); // no statement ran: no transaction to end
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM public.notes")) {
                rs.next();
            }
        }))).containsExactly("SELECT count(*) FROM public.notes");
    }

    @Test
    void aRollbackAndAnAutoCommitSwitchThatEndsATransactionAreRoundTrips() {
        assertThat(log.during(() -> jdbc(c -> {
            c.setAutoCommit(false);
            insert(c, "d", 4);
            c.rollback();
            insert(c, "e", 5);
            c.setAutoCommit(true);
        }))).containsExactly("INSERT INTO public.notes VALUES (?, ?, ?)", "ROLLBACK",
                "INSERT INTO public.notes VALUES (?, ?, ?)", "COMMIT");
    }

    @Test
    void aBatchIsOneRoundTripAndWhitespaceIsFolded() {
        assertThat(log.during(() -> jdbc(c -> {
            try (Statement s = c.createStatement()) {
                s.addBatch("SELECT 1");
                s.addBatch("SELECT   2");
                s.executeBatch();
                s.execute("SELECT\n   3");
            }
        }))).containsExactly("SELECT 1; SELECT 2", "SELECT 3");
    }

    @Test
    void aRecordedStatementReplaysItsBindingsOnAnExplainOfItsNumberedSql() throws SQLException {
        UUID id = UUID.randomUUID();
        log.clear();
        jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT body FROM public.notes WHERE id = ? AND n > ?")) {
                ps.setObject(1, id);
                ps.setInt(2, 7);
                ps.executeQuery().close();
            }
        });
        StatementLog.Sent sent = log.last(sql -> sql.contains("FROM public.notes WHERE id"));
        assertThat(sent.bindings()).extracting(b -> b.method().getName()).containsExactly("setObject", "setInt");
        assertThat(sent.numbered()).isEqualTo("SELECT body FROM public.notes WHERE id = $1 AND n > $2");
        try (Connection c = kit.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("EXPLAIN " + sent.sql())) {
            sent.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).contains("notes");
            }
        }
        assertThat(log.statements()).hasSize(1);
        assertThatThrownBy(() -> log.last(sql -> sql.contains("nothing like this"))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("SELECT body FROM public.notes");
    }

    @Test
    void aPortalOnTheWrappedDataSourceShowsItsStatementsAndCommit() {
        // No background sealer: its batches (and their COMMITs) would go through the same logged pool.
        try (Portal p = Portal.builder().dataSource(logged).migration(MigrationMode.NONE).backgroundSealing(false).build()) {
            NavigationService nav = p.service(NavigationService.class);
            var trips = log.during(() -> nav.create(null, null, NavItemInput.link("Home", "/"), CallContext.system("t")));
            assertThat(trips).isNotEmpty().anyMatch(s -> s.contains("portal.nav_items"));
            assertThat(trips.stream().filter(s -> s.equals("COMMIT") || s.endsWith("COMMIT")).count()).isEqualTo(1);
            assertThat(log.during(nav::fullTree)).noneMatch(s -> s.equals("COMMIT") || s.equals("ROLLBACK"));
        }
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private static void jdbc(Work work) {
        try (Connection c = logged.getConnection()) {
            work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insert(Connection c, String body, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO public.notes VALUES (?, ?, ?)")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, body);
            ps.setInt(3, n);
            ps.executeUpdate();
        }
    }
}
