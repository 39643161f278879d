package dev.portalkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.auth.EmailTakenException;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.HostTransaction;
import dev.portalkit.testing.TestDatabase;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SpringHostTransactions without Boot, the way a host that builds its own Portal uses it: which Spring
 * transactions it joins (the Portal's DataSource, behind a TransactionAwareDataSourceProxy too) and which
 * not (another DataSource, NOT_SUPPORTED), and that it takes no connection until PortalKit needs one.
 */
class SpringHostTransactionsIT {

    static final String S = "spring_tx_it";
    static DataSource pool;
    static Portal portal;
    static UserService users;
    static DataSourceTransactionManager manager;

    @BeforeAll
    static void start() {
        TestDatabase db = SpringTestDatabase.DB;
        pool = db.dataSource();
        portal = Portal.builder().dataSource(new TransactionAwareDataSourceProxy(pool))
                .migrationDataSource(SpringTestDatabase.owner())
                .hostTransactions(new SpringHostTransactions()).schema(S)
                .install(new AuthModule(AuthOptions.builder().bcryptCost(4).build())).build();
        users = portal.service(UserService.class);
        // Given the proxy, the manager binds its target: the key SpringHostTransactions looks up.
        manager = new DataSourceTransactionManager(new TransactionAwareDataSourceProxy(pool));
    }

    @AfterAll
    static void stop() {
        portal.close();
    }

    static NewUser user(String email) {
        return NewUser.member(email, "correct horse battery", "U");
    }

    @Test
    void noTransactionNothingToJoin() {
        assertThat(new SpringHostTransactions().current(pool)).isNull();
        assertThat(new SpringHostTransactions().current(null)).isNull();
    }

    @Test
    void joinsThroughATransactionAwareProxyAndRollsBackWithTheHost() {
        new TransactionTemplate(manager).executeWithoutResult(status -> {
            users.register(user("proxy@example.com"), HostOrders.CONTEXT);
            assertThat(users.findByEmail("proxy@example.com")).isPresent(); // the same transaction sees it
            status.setRollbackOnly();
        });
        assertThat(users.findByEmail("proxy@example.com")).isEmpty();
    }

    @Test
    void takesNoConnectionUntilAskedAndGivesItBack() {
        new TransactionTemplate(manager).executeWithoutResult(status -> {
            ConnectionHolder holder = (ConnectionHolder) TransactionSynchronizationManager.getResource(pool);
            HostTransaction tx = new SpringHostTransactions().current(new TransactionAwareDataSourceProxy(pool));
            assertThat(tx).isNotNull();
            assertThat(holder.isOpen()).isFalse(); // nobody has requested the holder's connection yet
            Connection c = tx.connection();
            assertThat(c).isSameAs(holder.getConnection());
            assertThat(holder.isOpen()).isTrue();
            tx.release();
            tx.release(); // twice is harmless
            assertThat(holder.isOpen()).isFalse();
        });
    }

    @Test
    void aTransactionOnAnotherDataSourceIsNotJoined() {
        try (SingleConnectionDataSource other = new SingleConnectionDataSource(
                SpringTestDatabase.DB.jdbcUrl(), SpringTestDatabase.DB.username(),
                SpringTestDatabase.DB.password() == null ? "" : SpringTestDatabase.DB.password(), true)) {
            new TransactionTemplate(new DataSourceTransactionManager(other)).executeWithoutResult(status -> {
                assertThat(new SpringHostTransactions().current(pool)).isNull();
                users.register(user("other-ds@example.com"), HostOrders.CONTEXT);
                status.setRollbackOnly();
            });
        }
        assertThat(users.findByEmail("other-ds@example.com")).isPresent(); // committed on its own
    }

    @Test
    void notSupportedSuspendsTheHostsTransactionAndRequiresNewJoinsTheInnerOne() {
        TransactionTemplate outer = new TransactionTemplate(manager);
        TransactionTemplate notSupported = new TransactionTemplate(manager);
        notSupported.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        TransactionTemplate requiresNew = new TransactionTemplate(manager);
        requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        outer.executeWithoutResult(status -> {
            notSupported.executeWithoutResult(s -> users.register(user("suspended@example.com"), HostOrders.CONTEXT));
            requiresNew.executeWithoutResult(s -> users.register(user("inner@example.com"), HostOrders.CONTEXT));
            users.register(user("outer@example.com"), HostOrders.CONTEXT);
            status.setRollbackOnly();
        });
        assertThat(users.findByEmail("suspended@example.com")).isPresent();
        assertThat(users.findByEmail("inner@example.com")).isPresent();
        assertThat(users.findByEmail("outer@example.com")).isEmpty();
    }

    @Test
    void severalSwallowedFailuresRegisterOneRollbackAndTheHostsCommitRefuses() {
        users.register(user("twice@example.com"), HostOrders.CONTEXT);
        JdbcTemplate jdbc = new JdbcTemplate(pool);
        SpringTestDatabase.hostDdl("CREATE TABLE IF NOT EXISTS public.spring_tx_it_notes (note text)");
        assertThatThrownBy(() -> new TransactionTemplate(manager).executeWithoutResult(status -> {
            jdbc.update("INSERT INTO public.spring_tx_it_notes VALUES ('kept?')");
            for (int i = 0; i < 3; i++) {
                try {
                    users.register(user("twice@example.com"), HostOrders.CONTEXT);
                } catch (PortalException swallowed) {
                    // A careless host. The first is EmailTakenException; its unique violation aborted the
                    // PostgreSQL transaction, so the next ones fail with SQLState 25P02.
                    assertThat(swallowed).isInstanceOf(i == 0 ? EmailTakenException.class : PortalException.class);
                }
            }
            long guards = TransactionSynchronizationManager.getSynchronizations().stream()
                    .filter(s -> s.getClass().getSimpleName().equals("RollbackOnCommit")).count();
            assertThat(guards).isOne();
        })).isInstanceOf(UnexpectedRollbackException.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM public.spring_tx_it_notes", Long.class)).isZero();
    }

    @Test
    void aSwallowedRefusalBeforeAnyStatementStillRefusesTheCommit() {
        JdbcTemplate jdbc = new JdbcTemplate(pool);
        SpringTestDatabase.hostDdl("CREATE TABLE IF NOT EXISTS public.spring_tx_it_refusals (note text)");
        // PostgreSQL's transaction stays healthy here: only the holder's rollback-only flag stops the commit.
        assertThatThrownBy(() -> new TransactionTemplate(manager).executeWithoutResult(status -> {
            jdbc.update("INSERT INTO public.spring_tx_it_refusals VALUES ('kept?')");
            try {
                users.register(NewUser.member("not an e-mail", "correct horse battery", "V"), HostOrders.CONTEXT);
            } catch (ValidationException swallowed) {
                // careless host
            }
            assertThat(status.isRollbackOnly()).isTrue();
        })).isInstanceOf(UnexpectedRollbackException.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM public.spring_tx_it_refusals", Long.class)).isZero();
    }

    @Test
    void afterCommitWorkWaitsForTheHostsCommit() {
        StringBuilder ran = new StringBuilder();
        new TransactionTemplate(manager).executeWithoutResult(status -> {
            HostTransaction tx = new SpringHostTransactions().current(pool);
            tx.afterCommit(() -> ran.append("committed"));
            tx.afterCommit(() -> {
                throw new IllegalStateException("a failing follow-up is logged, not thrown at the host");
            });
            assertThat(ran).isEmpty();
        });
        assertThat(ran).hasToString("committed");
        new TransactionTemplate(manager).executeWithoutResult(status -> {
            new SpringHostTransactions().current(pool).afterCommit(() -> ran.append(" again"));
            status.setRollbackOnly();
        });
        assertThat(ran).hasToString("committed");
    }
}
