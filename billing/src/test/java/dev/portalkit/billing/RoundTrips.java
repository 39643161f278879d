package dev.portalkit.billing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * Counts the round trips a Portal makes to PostgreSQL through a wrapped {@link DataSource}, the way
 * pgjdbc sends them: one per statement executed (a BEGIN is pipelined with the first statement of a
 * transaction, so it costs none), and one per COMMIT or ROLLBACK that pgjdbc actually sends (only
 * when a transaction is open on the server: after {@code INSERT ...; COMMIT} it sends nothing).
 * Opening a connection is not counted: a pool does that once, not per call.
 */
final class RoundTrips {

    private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());

    /** {@code dataSource}, counting what goes through it. */
    DataSource wrap(DataSource dataSource) {
        return proxy(DataSource.class, dataSource, (target, m, args) -> {
            Object result = m.invoke(target, args);
            return m.getName().equals("getConnection") ? connection((Connection) result) : result;
        });
    }

    /** What {@code call} sent: one line per round trip (the statement's text, whitespace folded, or COMMIT/ROLLBACK). */
    List<String> during(Runnable call) {
        sent.clear();
        call.run();
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    private Connection connection(Connection c) {
        return proxy(Connection.class, c, (target, m, args) -> {
            String name = m.getName();
            boolean ends = (name.equals("commit") || name.equals("rollback")) && (args == null || args.length == 0)
                    || name.equals("setAutoCommit") && Boolean.TRUE.equals(args[0]);
            if (ends && !c.getAutoCommit()
                    && c.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE) {
                sent.add(name.equals("rollback") ? "ROLLBACK" : "COMMIT");
            }
            Object result = m.invoke(target, args);
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

    private <S extends Statement> S statement(Class<S> type, S s, String sql) {
        return proxy(type, s, (target, m, args) -> {
            if (EXECUTE.contains(m.getName())) {
                String text = sql != null ? sql : args != null && args.length > 0 ? (String) args[0] : "?";
                sent.add(fold(text));
            }
            return m.invoke(target, args);
        });
    }

    private static String fold(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }

    private interface Handler {
        Object handle(Object target, Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Handler handler) {
        InvocationHandler h = (p, m, args) -> {
            try {
                return handler.handle(target, m, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(RoundTrips.class.getClassLoader(), new Class<?>[] {type}, h));
    }
}
