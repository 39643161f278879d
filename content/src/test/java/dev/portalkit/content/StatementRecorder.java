package dev.portalkit.content;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Wraps a DataSource and records every prepared statement run through it: its SQL text and how
 * each parameter was set. A test can then EXPLAIN exactly what a service sent, bound the same way,
 * instead of a copy of the SQL that could drift from the mapper. It also counts the requests a call
 * makes of the server: each statement executed, each commit and each rollback (pgjdbc sends a
 * transaction's BEGIN along with its first statement, so BEGIN costs none of its own).
 */
final class StatementRecorder {

    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate");

    /** One parameter setter call, e.g. {@code setObject(3, uuid)}. */
    record Binding(Method method, Object[] args) {
    }

    /** A statement as sent. */
    record Recorded(String sql, List<Binding> bindings) {

        /** Sets the same parameters, by the same setters, on {@code ps} (e.g. an EXPLAIN of this statement). */
        void bind(PreparedStatement ps) throws SQLException {
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
         * {@code EXPLAIN (GENERIC_PLAN)} wants it. (The mappers' SQL has no {@code ?} in literals or
         * operators.)
         */
        String numbered() {
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

    private final List<Recorded> statements = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    DataSource wrap(DataSource target) {
        return proxy(DataSource.class, target, (method, args, result) ->
                method.getName().equals("getConnection") ? connection((Connection) result) : result);
    }

    void clear() {
        statements.clear();
        requests.clear();
    }

    /**
     * The round trips since {@link #clear()}, each named: the SQL of a statement, or COMMIT or
     * ROLLBACK. (A Portal's audited write sends its last INSERT and COMMIT as one statement; its
     * commit() call after that costs nothing but is listed: count writes on the wire instead.)
     */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** The last statement recorded whose SQL matches. */
    Recorded last(Predicate<String> sql) {
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (sql.test(statements.get(i).sql())) {
                return statements.get(i);
            }
        }
        throw new AssertionError("no statement matched among " + statements.stream().map(Recorded::sql).toList());
    }

    private Connection connection(Connection target) {
        return proxy(Connection.class, target, (method, args, result) -> {
            switch (method.getName()) {
                case "prepareStatement":
                    return statement((PreparedStatement) result, (String) args[0]);
                case "commit", "rollback":
                    if (args == null) {
                        requests.add(method.getName().toUpperCase());
                    }
                    return result;
                default:
                    return result;
            }
        });
    }

    private PreparedStatement statement(PreparedStatement target, String sql) {
        List<Binding> bindings = new ArrayList<>();
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer) {
                        bindings.add(new Binding(method, args.clone()));
                    } else if (EXECUTES.contains(method.getName()) && (args == null || args.length == 0)) {
                        statements.add(new Recorded(sql, List.copyOf(bindings)));
                        requests.add(sql.strip().replaceAll("\\s+", " "));
                    }
                    return invoke(method, target, args);
                });
    }

    private interface After {
        Object apply(Method method, Object[] args, Object result) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler h = (proxy, method, args) -> after.apply(method, args, invoke(method, target, args));
        return type.cast(Proxy.newProxyInstance(StatementRecorder.class.getClassLoader(), new Class<?>[] {type}, h));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
