package dev.portalkit.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * Records, through a wrapped {@link DataSource}, every statement a Portal sends (its SQL and how
 * each parameter was bound) and the round trips that costs, the way pgjdbc sends them: one per
 * statement executed (a transaction's BEGIN rides with its first statement, so it costs none), and
 * one per COMMIT or ROLLBACK that pgjdbc actually sends, which it does only while a transaction is
 * open on the server (after {@code INSERT ...; COMMIT} in one statement, {@code commit()} sends
 * nothing and is not listed). Opening a connection is not counted: a pool does that once, not per
 * call. Get one from {@link WireCounter#statementLog()}; unlike {@link WireCounter} it needs no
 * socket, only a DataSource:
 *
 * <pre>{@code
 * static final StatementLog sent = WireCounter.statementLog();
 * Portal counted = Portal.builder().dataSource(sent.wrap(kit.database().dataSource()))...build();
 *
 * assertThat(sent.during(() -> counted.service(BookingService.class).book(slot, who)))
 *         .hasSize(2).last().asString().endsWith("; COMMIT");
 * StatementLog.Sent query = sent.last(sql -> sql.contains("FROM portal.resources"));
 * try (PreparedStatement ps = c.prepareStatement("EXPLAIN (GENERIC_PLAN) " + query.numbered())) { ... }
 * }</pre>
 *
 * Safe to use from several threads; {@link #during} and {@link #clear} assume one call is measured
 * at a time. With a DataSource that is not pgjdbc's, every {@code commit()} and {@code rollback()}
 * outside auto-commit is counted.
 */
public final class StatementLog {

    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");

    /**
     * One parameter setter call, as made, e.g. {@code setObject(3, uuid)}.
     *
     * @param method the {@link PreparedStatement} setter
     * @param args   its arguments, the parameter index first
     */
    public record Binding(Method method, Object[] args) {
    }

    /**
     * A statement as it was sent.
     *
     * @param sql      its text, as the driver got it ({@code ?} placeholders, whitespace as written)
     * @param bindings the setter calls made on it before it ran (none for a plain {@link Statement})
     */
    public record Sent(String sql, List<Binding> bindings) {

        /** Sets the same parameters by the same setters on {@code ps}, e.g. an EXPLAIN of this statement. */
        public void bind(PreparedStatement ps) throws SQLException {
            for (Binding b : bindings) {
                try {
                    b.method().invoke(ps, b.args());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof SQLException s) {
                        throw s;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        }

        /**
         * The SQL with its {@code ?} placeholders numbered {@code $1, $2, ...}, as
         * {@code EXPLAIN (GENERIC_PLAN)} wants it. Every {@code ?} counts: a {@code ?} in a literal
         * or a jsonb operator would be numbered too.
         */
        public String numbered() {
            StringBuilder b = new StringBuilder();
            int n = 0;
            for (char ch : sql.toCharArray()) {
                if (ch == '?') {
                    b.append('$').append(++n);
                } else {
                    b.append(ch);
                }
            }
            return b.toString();
        }
    }

    private final List<Sent> statements = new CopyOnWriteArrayList<>();
    private final List<String> roundTrips = new CopyOnWriteArrayList<>();

    StatementLog() {
    }

    /** {@code dataSource}, recording what goes through the connections it gives. */
    public DataSource wrap(DataSource dataSource) {
        return proxy(DataSource.class, dataSource, (target, m, args) -> {
            Object result = invoke(m, target, args);
            return m.getName().equals("getConnection") ? connection((Connection) result) : result;
        });
    }

    /** Forgets what was recorded. */
    public void clear() {
        statements.clear();
        roundTrips.clear();
    }

    /**
     * Clears, runs {@code call}, and returns what it sent: one line per round trip, the statement's
     * SQL with whitespace folded, or {@code COMMIT} or {@code ROLLBACK}.
     */
    public List<String> during(Runnable call) {
        clear();
        call.run();
        return roundTrips();
    }

    /** The round trips since {@link #clear()}, as {@link #during} lists them. */
    public List<String> roundTrips() {
        return List.copyOf(roundTrips);
    }

    /** The statements since {@link #clear()}, in the order they ran. */
    public List<Sent> statements() {
        return List.copyOf(statements);
    }

    /**
     * The last statement since {@link #clear()} whose SQL matches.
     *
     * @throws AssertionError when none does, listing what was sent
     */
    public Sent last(Predicate<String> sql) {
        List<Sent> all = statements();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (sql.test(all.get(i).sql())) {
                return all.get(i);
            }
        }
        throw new AssertionError("No statement matched among " + all.stream().map(Sent::sql).toList());
    }

    private Connection connection(Connection c) {
        return proxy(Connection.class, c, (target, m, args) -> {
            String name = m.getName();
            boolean ends = (name.equals("commit") || name.equals("rollback")) && (args == null || args.length == 0)
                    || name.equals("setAutoCommit") && Boolean.TRUE.equals(args[0]);
            if (ends && transactionOpen(c)) {
                roundTrips.add(name.equals("rollback") ? "ROLLBACK" : "COMMIT");
            }
            Object result = invoke(m, target, args);
            if (result instanceof CallableStatement s) {
                return statement(CallableStatement.class, s, (String) args[0]);
            }
            if (result instanceof PreparedStatement s) {
                return statement(PreparedStatement.class, s, (String) args[0]);
            }
            if (result instanceof Statement s) {
                return statement(Statement.class, s, null);
            }
            return result;
        });
    }

    /** Whether ending the transaction now sends anything: only while one is open on the server. */
    private static boolean transactionOpen(Connection c) throws SQLException {
        if (c.getAutoCommit()) {
            return false;
        }
        return !c.isWrapperFor(BaseConnection.class)
                || c.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
    }

    /** {@code sql} is the prepared text, or null for a plain Statement, whose text comes with each execute. */
    private <S extends Statement> S statement(Class<S> type, S s, String sql) {
        List<Binding> bindings = new CopyOnWriteArrayList<>();
        List<String> batch = new ArrayList<>();
        return proxy(type, s, (target, m, args) -> {
            String name = m.getName();
            boolean withText = args != null && args.length > 0 && args[0] instanceof String;
            if (name.startsWith("set") && sql != null && args != null && args.length >= 2 && args[0] instanceof Integer) {
                bindings.add(new Binding(m, args.clone()));
            } else if (name.equals("addBatch") && withText) {
                batch.add((String) args[0]);
            } else if (EXECUTES.contains(name)) {
                String text = sql != null ? sql : withText ? (String) args[0] : String.join("; ", batch);
                batch.clear();
                statements.add(new Sent(text, List.copyOf(bindings)));
                roundTrips.add(text.strip().replaceAll("\\s+", " "));
            }
            return invoke(m, target, args);
        });
    }

    private interface Handler {
        Object handle(Object target, Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Handler handler) {
        InvocationHandler h = (p, m, args) -> handler.handle(target, m, args);
        return type.cast(Proxy.newProxyInstance(StatementLog.class.getClassLoader(), new Class<?>[] {type}, h));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
