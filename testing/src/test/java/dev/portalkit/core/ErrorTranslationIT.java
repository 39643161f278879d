package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.internal.ExceptionTranslator;
import dev.portalkit.demo.DemoModule;
import dev.portalkit.demo.DemoService;
import dev.portalkit.testing.PortalExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.ibatis.exceptions.PersistenceException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real server errors, provoked on a real PostgreSQL, each mapped to its typed exception. */
class ErrorTranslationIT {

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder().install(new DemoModule()).build();

    static final ExceptionTranslator translator = new ExceptionTranslator();

    @BeforeAll
    static void tables() throws SQLException {
        // As the owner (the host's migration role), which the Portal's pool need not be.
        MigrationIT.exec(kit.database().directDataSource(),
                "CREATE TABLE public.t_parent (id int PRIMARY KEY, code text UNIQUE, n int CHECK (n > 0), name varchar(5) NOT NULL DEFAULT 'x')",
                "CREATE TABLE public.t_child (id int PRIMARY KEY, parent int REFERENCES public.t_parent)",
                "CREATE TABLE public.t_slot (r tsrange, EXCLUDE USING gist (r WITH &&))",
                "INSERT INTO public.t_parent (id, code, n) VALUES (1, 'a', 1), (2, 'b', 2)");
    }

    private static SQLException provoke(String sql) {
        return provoke(kit.portal().dataSource(), sql);
    }

    private static SQLException provoke(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("No error from: " + sql);
    }

    private static PortalException translated(String sql) {
        return translator.translate(provoke(sql));
    }

    @Test
    void uniqueViolationIsADuplicateConflict() {
        PortalException e = translated("INSERT INTO public.t_parent (id, code, n) VALUES (3, 'a', 1)");
        assertThat(e).isInstanceOf(ConflictException.class);
        assertThat(e.code()).isEqualTo(CoreError.DUPLICATE);
        assertThat(e.getMessage()).contains("t_parent_code_key").doesNotContain("INSERT");
    }

    @Test
    void foreignKeyViolationIsAReferenceConflict() {
        PortalException e = translated("INSERT INTO public.t_child VALUES (1, 42)");
        assertThat(e).isInstanceOf(ConflictException.class);
        assertThat(e.code()).isEqualTo(CoreError.REFERENCE_VIOLATION);
    }

    @Test
    void checkNotNullTooLongAndBadTextAreValidationErrors() {
        assertThat(translated("INSERT INTO public.t_parent (id, code, n) VALUES (4, 'c', -1)"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("t_parent_n_check");
        assertThat(translated("INSERT INTO public.t_parent (id, code, n, name) VALUES (5, 'd', 1, NULL)"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("name: is required");
        assertThat(translated("INSERT INTO public.t_parent (id, code, n, name) VALUES (6, 'e', 1, 'toolong')"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("too long");
        assertThat(translated("SELECT 'abc'::int")).isInstanceOf(ValidationException.class);
        assertThat(translated("SELECT 2147483647::int + 1")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void exclusionViolationIsAnOverlapConflict() {
        provokeNothing("INSERT INTO public.t_slot VALUES (tsrange('2030-01-01 10:00', '2030-01-01 11:00'))");
        PortalException e = translated("INSERT INTO public.t_slot VALUES (tsrange('2030-01-01 10:30', '2030-01-01 11:30'))");
        assertThat(e).isInstanceOf(ConflictException.class);
        assertThat(e.code()).isEqualTo(CoreError.EXCLUSION_VIOLATION);
    }

    @Test
    void serializationFailureIsRetryable() throws Exception {
        DataSource ds = kit.portal().dataSource();
        try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            for (Connection c : new Connection[] {a, b}) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.createStatement().executeQuery("SELECT n FROM public.t_parent WHERE id = 2").close();
            }
            a.createStatement().execute("UPDATE public.t_parent SET n = n + 1 WHERE id = 2");
            a.commit();
            SQLException failure = null;
            try {
                b.createStatement().execute("UPDATE public.t_parent SET n = n + 1 WHERE id = 2");
            } catch (SQLException e) {
                failure = e;
            }
            b.rollback();
            PortalException e = translator.translate(failure);
            assertThat(e).isInstanceOf(TransientException.class);
            assertThat(e.code()).isEqualTo(CoreError.SERIALIZATION_FAILURE);
            assertThat(e.isRetryable()).isTrue();
        }
    }

    @Test
    void deadlockIsRetryable() throws Exception {
        DataSource ds = kit.portal().dataSource();
        try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            a.createStatement().execute("UPDATE public.t_parent SET n = n WHERE id = 1");
            b.createStatement().execute("UPDATE public.t_parent SET n = n WHERE id = 2");
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<SQLException> first = CompletableFuture.supplyAsync(() -> {
                started.countDown();
                try {
                    a.createStatement().execute("UPDATE public.t_parent SET n = n WHERE id = 2");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            started.await();
            Thread.sleep(200);
            SQLException second = null;
            try {
                b.createStatement().execute("UPDATE public.t_parent SET n = n WHERE id = 1");
            } catch (SQLException e) {
                second = e;
            }
            SQLException firstError = first.get(10, TimeUnit.SECONDS);
            a.rollback();
            b.rollback();
            SQLException victim = second != null ? second : firstError;
            PortalException e = translator.translate(victim);
            assertThat(e.code()).isEqualTo(CoreError.DEADLOCK);
            assertThat(e.isRetryable()).isTrue();
        }
    }

    @Test
    void statementTimeoutIsAQueryTimeout() {
        PortalException e = translated("SET statement_timeout = '50ms'; SELECT pg_sleep(2)");
        assertThat(e.code()).isEqualTo(CoreError.QUERY_TIMEOUT);
    }

    @Test
    void aTerminatedConnectionIsUnavailableAndRetryable() throws Exception {
        // Straight to PostgreSQL: behind a transaction pooler the next statement would simply run on
        // another server connection, and there would be nothing to translate.
        DataSource ds = kit.database().directDataSource();
        try (Connection victim = ds.getConnection(); Connection killer = ds.getConnection()) {
            var rs = victim.createStatement().executeQuery("SELECT pg_backend_pid()");
            rs.next();
            int pid = rs.getInt(1);
            killer.createStatement().execute("SELECT pg_terminate_backend(" + pid + ")");
            SQLException failure = null;
            try {
                victim.createStatement().execute("SELECT 1");
            } catch (SQLException e) {
                failure = e;
            }
            PortalException e = translator.translate(failure);
            assertThat(e).isInstanceOf(TransientException.class);
            assertThat(e.code()).isEqualTo(CoreError.DATABASE_UNAVAILABLE);
        }
    }

    @Test
    void aPoolTimeoutIsUnavailableAndKeepsThePoolCounts() {
        PortalException e = translator.translate(new SQLTransientConnectionException(
                "portalkit - Connection is not available, request timed out after 250ms (total=10, active=10, idle=0, waiting=3)"));
        assertThat(e.code()).isEqualTo(CoreError.DATABASE_UNAVAILABLE);
        assertThat(e.getMessage()).contains("total=10, active=10");
    }

    @Test
    void theAppendOnlyRefusalHasItsOwnCode() {
        // As the owner: a runtime role (PORTALKIT_TEST_ROLES=split) lacks the privilege before the trigger is reached.
        assertThat(translator.translate(provoke(kit.database().directDataSource(), "DELETE FROM portal.activity_logs")).code())
                .isEqualTo(CoreError.AUDIT_APPEND_ONLY);
    }

    @Test
    void throughAServiceNoMyBatisTypeOrSqlTextReachesTheHost() {
        DemoService demo = kit.portal().service(DemoService.class);
        for (String kind : new String[] {"check", "too-long", "not-null", "bad-number"}) {
            assertThatThrownBy(() -> demo.provoke(kind))
                    .isInstanceOf(ValidationException.class)
                    .satisfies(e -> {
                        assertThat(e.getMessage()).doesNotContain("INSERT", "demo_items (");
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(t).isNotInstanceOf(PersistenceException.class);
                        }
                    });
        }
        assertThatThrownBy(() -> demo.provoke("check")).hasMessageContaining("demo_items_quantity_positive");
    }

    private static void provokeNothing(String sql) {
        try (Connection c = kit.portal().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
