package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.PortalModule;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Issue #18, {@code portal.joining}: any sequence of a plain JDBC host's steps on its one connection
 * (a row of its own, a PortalKit call that succeeds, one refused before it runs, one the database
 * refuses, then a commit or a rollback). Invariant, read from another connection after every step:
 * the host's rows and PortalKit's rows (users and their audit rows) of one host transaction are
 * committed together or not at all, and a transaction in which a PortalKit call failed commits nothing,
 * even when the host caught the failure and committed.
 */
class JoinedTransactionPropertyIT {

    static final CallContext WHO = CallContext.anonymous("203.0.113.9", "joined property");
    static TestDatabase db;
    static Portal portal;
    static Connection host;
    /** Reads what is committed, beside the host, in autocommit. */
    static Connection reader;

    @BeforeContainer
    static void start() throws SQLException {
        List<PortalModule> modules = List.of(new AuthModule(AuthOptions.builder().bcryptCost(4).build()));
        db = TestDatabases.migrated("portal", modules);
        portal = AllModules.open(db, modules);
        try (Connection c = db.directDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA host_app");
            s.execute("CREATE TABLE host_app.orders (marker text PRIMARY KEY)");
            if (db.username() != null && !db.username().equals(db.ownerUsername())) {
                s.execute("GRANT USAGE ON SCHEMA host_app TO \"" + db.username() + "\"");
                s.execute("GRANT SELECT, INSERT ON host_app.orders TO \"" + db.username() + "\"");
            }
        }
        host = db.dataSource().getConnection();
        host.setAutoCommit(false);
        reader = db.dataSource().getConnection();
    }

    @AfterContainer
    static void stop() throws SQLException {
        try {
            for (Connection c : new Connection[] {host, reader}) {
                if (c != null) {
                    c.close();
                }
            }
        } finally {
            AllModules.close(portal, db);
        }
    }

    @Property(tries = 40)
    void hostRowsAndPortalKitRowsCommitTogetherOrNotAtAll(@ForAll("chains") ActionChain<World> chain) throws SQLException {
        World end = chain.withInvariant("committed together or not at all", World::check).run();
        end.end(false); // a unit left open by the chain
        end.check();
        assertThat(end.units).as("host transactions ended").isPositive();
    }

    @Provide
    Arbitrary<ActionChain<World>> chains() {
        return ActionChain.startWith(World::new)
                .withAction(4, step("host insert", World::hostInsert))
                .withAction(4, step("PortalKit call that succeeds", World::register))
                .withAction(1, step("PortalKit call refused before it runs", World::refused))
                .withAction(1, step("PortalKit call the database refuses", World::conflict))
                .withAction(2, step("host commit", w -> w.end(true)))
                .withAction(2, step("host rollback", w -> w.end(false)))
                .withMaxTransformations(25);
    }

    private interface Step {
        void apply(World w) throws SQLException;
    }

    private static Action.Independent<World> step(String name, Step step) {
        return () -> Arbitraries.just(Transformer.mutate(name, w -> {
            try {
                step.apply(w);
            } catch (SQLException e) {
                throw new IllegalStateException(name, e);
            }
        }));
    }

    /** What is committed and what must never be, and the host's open transaction. */
    static final class World {
        final List<String> committedRows = new ArrayList<>();
        final List<String> goneRows = new ArrayList<>();
        final List<UUID> committedUsers = new ArrayList<>();
        final List<UUID> goneUsers = new ArrayList<>();
        final List<String> committedEmails = new ArrayList<>();
        int units;
        // The open host transaction: what it wrote, and whether a PortalKit call in it failed.
        final List<String> rows = new ArrayList<>();
        final List<UUID> users = new ArrayList<>();
        final List<String> emails = new ArrayList<>();
        boolean doomed;

        void hostInsert() {
            String marker = UUID.randomUUID().toString();
            try (PreparedStatement ps = host.prepareStatement("INSERT INTO host_app.orders (marker) VALUES (?)")) {
                ps.setString(1, marker);
                ps.executeUpdate();
                assertThat(doomed).as("a host statement ran after a PortalKit call failed in its transaction").isFalse();
                rows.add(marker);
            } catch (SQLException e) {
                assertThat(doomed).as("the host's insert failed in a healthy transaction: " + e).isTrue();
                assertThat(e.getSQLState()).isEqualTo("25P02"); // current transaction is aborted
                goneRows.add(marker);
            }
        }

        void register() {
            String email = "joined-" + UUID.randomUUID() + "@example.com";
            try {
                User u = portal.joining(host, () -> users().register(NewUser.member(email, "correct horse battery", "J"), WHO));
                assertThat(doomed).as("a PortalKit call succeeded after another failed in its transaction").isFalse();
                users.add(u.id());
                emails.add(email);
            } catch (PortalException e) {
                assertThat(doomed).as("register failed in a healthy transaction: " + e).isTrue();
            }
        }

        /** Refused by ServiceGuard's checks before any statement: nothing on the connection, yet the transaction is spoiled. */
        void refused() {
            try {
                portal.joining(host, () -> users().register(NewUser.member("not an address", "correct horse battery", "J"), WHO));
                throw new AssertionError("an invalid address was registered");
            } catch (PortalException expected) {
                doomed = true;
            }
        }

        /** An e-mail already taken (committed, or earlier in this transaction): the unique index refuses it. */
        void conflict() {
            List<String> taken = new ArrayList<>(emails);
            taken.addAll(committedEmails);
            if (taken.isEmpty()) {
                refused();
                return;
            }
            String email = taken.get(taken.size() - 1);
            try {
                portal.joining(host, () -> users().register(NewUser.member(email, "correct horse battery", "J"), WHO));
                throw new AssertionError("a taken address was registered again");
            } catch (PortalException expected) {
                doomed = true;
            }
        }

        void end(boolean commit) throws SQLException {
            if (rows.isEmpty() && users.isEmpty() && !doomed) {
                host.rollback();
                return;
            }
            if (commit) {
                host.commit(); // after a failure PostgreSQL answers it with a ROLLBACK
            } else {
                host.rollback();
            }
            boolean kept = commit && !doomed;
            (kept ? committedRows : goneRows).addAll(rows);
            (kept ? committedUsers : goneUsers).addAll(users);
            if (kept) {
                committedEmails.addAll(emails);
            }
            rows.clear();
            users.clear();
            emails.clear();
            doomed = false;
            units++;
        }

        /** Six counts on the reader's connection: committed things are there once each, rolled-back ones not at all. */
        void check() {
            String[] kept = committedRows.toArray(String[]::new);
            String[] gone = goneRows.toArray(String[]::new);
            UUID[] keptUsers = committedUsers.toArray(UUID[]::new);
            UUID[] goneUsers = this.goneUsers.toArray(UUID[]::new);
            assertThat(count("SELECT count(*) FROM host_app.orders WHERE marker = ANY (?)", kept))
                    .as("committed host rows").isEqualTo(kept.length);
            assertThat(count("SELECT count(*) FROM host_app.orders WHERE marker = ANY (?)", gone))
                    .as("rolled-back host rows").isZero();
            assertThat(count("SELECT count(*) FROM portal.users WHERE id = ANY (?)", keptUsers))
                    .as("committed users").isEqualTo(keptUsers.length);
            assertThat(count("SELECT count(*) FROM portal.activity_logs WHERE action = 'user.registered' AND entity_id = ANY (?)",
                    keptUsers)).as("their audit rows").isEqualTo(keptUsers.length);
            assertThat(count("SELECT count(*) FROM portal.users WHERE id = ANY (?)", goneUsers))
                    .as("rolled-back users").isZero();
            assertThat(count("SELECT count(*) FROM portal.activity_logs WHERE entity_id = ANY (?)", goneUsers))
                    .as("rolled-back users' audit rows").isZero();
        }

        private static long count(String sql, Object[] values) {
            try (PreparedStatement ps = reader.prepareStatement(sql)) {
                ps.setObject(1, values);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }

        private static UserService users() {
            return portal.service(UserService.class);
        }

        @Override
        public String toString() {
            return "World[units=" + units + ", open rows=" + rows.size() + ", open users=" + users.size() + ", doomed=" + doomed + "]";
        }
    }
}
