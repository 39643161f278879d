package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.spi.HostTransaction;
import dev.portalkit.testing.PortalExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #18: a failed login's strike must commit although the login fails, so the calls that count
 * toward lockout refuse to run inside any transaction (PortalKit's inTransaction, a plain JDBC host's
 * joining, a framework's through HostTransactions): inside one, a host could guess passwords and roll
 * every strike back. Refused first: no password verified, no statement of auth's, nothing written.
 */
class LoginInTransactionIT {

    static final String WRONG = "not the password at all";
    static final GatedHasher HASHER = new GatedHasher();
    static final ThreadBoundTransactions HOST = new ThreadBoundTransactions();

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder()
            .install(new AuthModule(AuthOptions.builder().bcryptCost(4).hasher(HASHER).build()))
            // HostTransactions needs the host's own DataSource: the one its framework binds connections of.
            .configure((b, db) -> b.jdbcUrl(null).username(null).password(null).dataSource(db.dataSource())
                    .hostTransactions(HOST))
            .build();

    @BeforeAll
    static void hostTable() {
        AuthDb.update(kit, "CREATE TABLE public.host_orders (id serial PRIMARY KEY, note text NOT NULL)");
    }

    private Portal portal() {
        return kit.portal();
    }

    private AuthService auth() {
        return portal().service(AuthService.class);
    }

    /** What a refused call must leave as it was: the user's lockout columns, verifications, audit rows, sessions. */
    private record Before(AuthDb.Lock lock, int verifications, long lastSeq, long sessions) {
    }

    private Before before(User u) {
        return new Before(AuthDb.lock(kit, u.id()), HASHER.verifications(), AuthDb.lastSeq(kit),
                AuthDb.number(kit, "SELECT count(*) FROM portal.auth_sessions WHERE user_id = ?", u.id()));
    }

    private void assertUnchanged(User u, Before before) {
        assertThat(before(u)).isEqualTo(before);
    }

    private static void refusedAs(Throwable e, String call) {
        assertThat(e).isInstanceOfSatisfying(PortalException.class, p -> {
            assertThat(p.code()).isEqualTo(AuthError.LOGIN_IN_TRANSACTION);
            assertThat(p.getMessage()).startsWith("[PK-2007] " + call + " cannot run inside a transaction")
                    .contains("Portal.joining").contains("Call it outside the transaction");
        });
    }

    @Test
    void aWrongPasswordInsideInTransactionIsRefusedAndNothingIsCountedOrWritten() {
        User u = AuthTests.register(kit, "intx");
        Before before = before(u);
        assertThatThrownBy(() -> portal().inTransaction(() -> auth().login(u.email(), WRONG, false, AuthTests.CLIENT)))
                .satisfies(e -> refusedAs(e, "AuthService.login"));
        assertUnchanged(u, before);

        // A host that catches the refusal cannot commit the rest of its work either.
        assertThatThrownBy(() -> portal().inTransaction(() -> {
            AuthTests.register(kit, "swallowed");
            try {
                auth().login(u.email(), WRONG, false, AuthTests.CLIENT);
            } catch (PortalException ignored) {
                // the host's catch
            }
        })).isInstanceOfSatisfying(PortalException.class, e -> {
            assertThat(e.code()).isEqualTo(CoreError.TRANSACTION_ROLLED_BACK);
            assertThat(e.getCause()).satisfies(c -> refusedAs(c, "AuthService.login"));
        });
        assertUnchanged(u, before);
    }

    @Test
    void theRightPasswordInsideInTransactionIsRefusedToo() {
        User u = AuthTests.register(kit, "rightintx");
        Before before = before(u);
        assertThatThrownBy(() -> portal().inTransaction(() -> AuthTests.login(kit, u)))
                .satisfies(e -> refusedAs(e, "AuthService.login"));
        assertUnchanged(u, before);
        assertThat(AuthTests.login(kit, u).token()).isNotBlank(); // outside, as always
    }

    @Test
    void insideAPlainJdbcHostsTransactionTheLoginIsRefusedAndTheHostCanOnlyRollBack() throws SQLException {
        User u = AuthTests.register(kit, "joined");
        Before before = before(u);
        long orders = AuthDb.number(kit, "SELECT count(*) FROM public.host_orders");
        try (Connection c = portal().dataSource().getConnection()) {
            c.setAutoCommit(false);
            hostInsert(c, "before the login");
            assertThatThrownBy(() -> portal().joining(c, () -> auth().login(u.email(), WRONG, false, AuthTests.CLIENT)))
                    .satisfies(e -> refusedAs(e, "AuthService.login"));
            c.commit(); // PostgreSQL answers it with a ROLLBACK: the failed call left the transaction aborted
        }
        assertUnchanged(u, before);
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM public.host_orders")).isEqualTo(orders);
    }

    @Test
    void insideAFrameworksTransactionTheLoginIsRefused() throws SQLException {
        User u = AuthTests.register(kit, "framework");
        Before before = before(u);
        long orders = AuthDb.number(kit, "SELECT count(*) FROM public.host_orders");
        HOST.inTransaction(portal(), c -> {
            hostInsert(c, "before the login");
            assertThatThrownBy(() -> auth().login(u.email(), WRONG, false, AuthTests.CLIENT))
                    .satisfies(e -> refusedAs(e, "AuthService.login"));
        });
        assertThat(HOST.lastRollbackCause()).isNotNull()
                .satisfies(e -> assertThat(e.code()).isEqualTo(AuthError.LOGIN_IN_TRANSACTION));
        assertUnchanged(u, before);
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM public.host_orders")).isEqualTo(orders);
    }

    @Test
    void changePasswordIsRefusedInsideEveryKindOfTransactionAndTheTokenStillWorks() throws SQLException {
        User u = AuthTests.register(kit, "change");
        String token = AuthTests.login(kit, u).token();
        Before before = before(u);
        String hash = AuthDb.passwordHash(kit, u.id());

        assertThatThrownBy(() -> portal().inTransaction(() ->
                auth().changePassword(token, WRONG, "a brand new password", AuthTests.CLIENT)))
                .satisfies(e -> refusedAs(e, "AuthService.changePassword"));
        try (Connection c = portal().dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> portal().joining(c, () ->
                    auth().changePassword(token, AuthTests.PASSWORD, "a brand new password", AuthTests.CLIENT)))
                    .satisfies(e -> refusedAs(e, "AuthService.changePassword"));
            c.rollback();
        }
        HOST.inTransaction(portal(), c -> assertThatThrownBy(() ->
                auth().changePassword(token, WRONG, "a brand new password", AuthTests.CLIENT))
                .satisfies(e -> refusedAs(e, "AuthService.changePassword")));

        assertUnchanged(u, before);
        assertThat(AuthDb.passwordHash(kit, u.id())).isEqualTo(hash);
        assertThat(auth().authenticate(token)).isPresent();
    }

    @Test
    void outsideAnyTransactionAWrongPasswordStillCounts() {
        User u = AuthTests.register(kit, "outside");
        int verifications = HASHER.verifications();
        assertThatThrownBy(() -> auth().login(u.email(), WRONG, false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThat(AuthDb.lock(kit, u.id()).failedLogins()).isEqualTo(1);
        assertThat(HASHER.verifications()).isEqualTo(verifications + 1);
    }

    private static void hostInsert(Connection c, String note) {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO public.host_orders (note) VALUES ('" + note + "')");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A framework's transactions as PortalKit sees them through {@code HostTransactions}, the way
     * Spring's {@code @Transactional} would be: a connection bound to the thread while the host's
     * transaction runs, committed at its end unless a PortalKit call marked it rollback-only.
     */
    static final class ThreadBoundTransactions implements dev.portalkit.core.spi.HostTransactions {

        private final ThreadLocal<Bound> bound = new ThreadLocal<>();
        private volatile PortalException lastRollbackCause;

        private static final class Bound implements HostTransaction {
            final Connection connection;
            PortalException rollbackCause;

            Bound(Connection connection) {
                this.connection = connection;
            }

            @Override
            public Connection connection() {
                return connection;
            }

            @Override
            public void setRollbackOnly(PortalException cause) {
                rollbackCause = cause;
            }

            @Override
            public void afterCommit(Runnable action) {
                throw new UnsupportedOperationException("not in this test");
            }
        }

        @Override
        public HostTransaction current(javax.sql.DataSource dataSource) {
            return bound.get();
        }

        /** Runs {@code work} in a transaction of the "framework" on a connection of the Portal's pool. */
        void inTransaction(Portal portal, Consumer<Connection> work) throws SQLException {
            try (Connection c = portal.dataSource().getConnection()) {
                c.setAutoCommit(false);
                Bound tx = new Bound(c);
                bound.set(tx);
                try {
                    work.accept(c);
                } finally {
                    bound.remove();
                }
                lastRollbackCause = tx.rollbackCause;
                if (tx.rollbackCause == null) {
                    c.commit();
                } else {
                    c.rollback();
                }
            }
        }

        PortalException lastRollbackCause() {
            return lastRollbackCause;
        }
    }
}
