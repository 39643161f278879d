package dev.portalkit.core.internal.mybatis;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ibatis.cache.CacheKey;
import org.apache.ibatis.cursor.Cursor;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.executor.SimpleExecutor;
import org.apache.ibatis.executor.parameter.ParameterHandler;
import org.apache.ibatis.executor.resultset.ResultSetHandler;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ResultMap;
import org.apache.ibatis.reflection.factory.DefaultObjectFactory;
import org.apache.ibatis.reflection.factory.ObjectFactory;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.ResultHandler;
import org.apache.ibatis.session.RowBounds;
import org.apache.ibatis.transaction.Transaction;
import org.apache.ibatis.type.JdbcType;
import org.apache.ibatis.type.TypeHandler;

/**
 * A MyBatis configuration that reads a record row with one type handler per record type, built
 * once when the first statement returning it is loaded.
 *
 * <p>A statement declared with {@code resultType="SomeRecord"} would otherwise go through MyBatis'
 * name-based constructor auto-mapping, which redoes its work for every row: it reads the
 * constructor's parameters and their annotations (a lock shared by all threads) and compares every
 * parameter with every column, then wraps the row in reflective meta-objects. Here each component
 * {@code fooBar} is read from the column {@code foo_bar} with the type handler its type has when the
 * configuration is built, and the record is created through its canonical constructor. A record
 * with a component that has no type handler keeps MyBatis' own mapping. Records are never bound as
 * parameters whole (every mapper parameter is a {@code @Param}), so the handler only reads.
 */
final class RecordMappingConfiguration extends Configuration {

    RecordMappingConfiguration(Environment environment) {
        super(environment);
        setObjectFactory(new RecordObjectFactory());
    }

    @Override
    public void addMappedStatement(MappedStatement ms) {
        for (ResultMap map : ms.getResultMaps()) {
            Class<?> type = map.getType();
            if (type.isRecord() && map.getResultMappings().isEmpty() && !getTypeHandlerRegistry().hasTypeHandler(type)) {
                registerRows(type);
            }
        }
        super.addMappedStatement(ms);
    }

    private <T> void registerRows(Class<T> type) {
        RecordRowHandler<T> rows = RecordRowHandler.of(type, this);
        if (rows != null) {
            getTypeHandlerRegistry().register(type, rows);
        }
    }

    /**
     * A statement that returns records (one inline result map, a record type with a row handler,
     * no result handler or row bounds) is read by {@link RecordRows}; anything else by MyBatis.
     */
    @Override
    public ResultSetHandler newResultSetHandler(Executor executor, MappedStatement ms, RowBounds rowBounds,
                                               ParameterHandler parameterHandler, ResultHandler resultHandler,
                                               BoundSql boundSql) {
        List<ResultMap> maps = ms.getResultMaps();
        if (maps.size() == 1 && maps.get(0).getResultMappings().isEmpty() && maps.get(0).getDiscriminator() == null
                && ms.getResultSets() == null && resultHandler == null && rowBounds == RowBounds.DEFAULT
                && getTypeHandlerRegistry().getTypeHandler(maps.get(0).getType()) instanceof RecordRowHandler<?> rows) {
            return new RecordRows(rows);
        }
        return super.newResultSetHandler(executor, ms, rowBounds, parameterHandler, resultHandler, boundSql);
    }

    /**
     * MyBatis' local cache lives for one statement here (LocalCacheScope.STATEMENT, no nested
     * queries), so the cache key it builds for every query from every parameter value can be empty.
     */
    @Override
    public Executor newExecutor(Transaction transaction, ExecutorType executorType) {
        if (executorType != null && executorType != ExecutorType.SIMPLE || isCacheEnabled()
                || getLocalCacheScope() != LocalCacheScope.STATEMENT) {
            return super.newExecutor(transaction, executorType);
        }
        return (Executor) interceptorChain.pluginAll(new SimpleExecutor(this, transaction) {
            @Override
            public CacheKey createCacheKey(MappedStatement ms, Object parameter, RowBounds rowBounds, BoundSql boundSql) {
                return new CacheKey();
            }
        });
    }

    /** {@code occurredAt} -> {@code occurred_at}: the inverse of mapUnderscoreToCamelCase. */
    static String column(String component) {
        StringBuilder s = new StringBuilder(component.length() + 4);
        for (int i = 0; i < component.length(); i++) {
            char ch = component.charAt(i);
            if (Character.isUpperCase(ch)) {
                s.append('_').append(Character.toLowerCase(ch));
            } else {
                s.append(ch);
            }
        }
        return s.toString().toLowerCase(Locale.ROOT);
    }

    /** Result-set layouts kept per record type; beyond it positions are found per result set. */
    static final int MAX_LAYOUTS = 32;

    /** Reads a whole row into a record: one column per component, by name. */
    static final class RecordRowHandler<T> implements TypeHandler<T> {

        private final Class<T> type;
        private final String[] columns;
        private final TypeHandler<?>[] handlers;
        private final List<Class<?>> argTypes;
        private final ObjectFactory objects;

        private RecordRowHandler(Class<T> type, String[] columns, TypeHandler<?>[] handlers, List<Class<?>> argTypes,
                                 ObjectFactory objects) {
            this.type = type;
            this.columns = columns;
            this.handlers = handlers;
            this.argTypes = argTypes;
            this.objects = objects;
        }

        /** The handler for {@code type}, or null when a component's type has no type handler. */
        static <T> RecordRowHandler<T> of(Class<T> type, Configuration c) {
            RecordComponent[] components = type.getRecordComponents();
            String[] columns = new String[components.length];
            TypeHandler<?>[] handlers = new TypeHandler<?>[components.length];
            Class<?>[] argTypes = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                argTypes[i] = components[i].getType();
                handlers[i] = c.getTypeHandlerRegistry().getTypeHandler(argTypes[i]);
                if (handlers[i] == null) {
                    return null;
                }
                columns[i] = column(components[i].getName());
            }
            return new RecordRowHandler<>(type, columns, handlers, Arrays.asList(argTypes), c.getObjectFactory());
        }

        /** Result-set layouts seen, each with its positions; a few per record type (one per statement). */
        private final Map<Layout, int[]> layouts = new ConcurrentHashMap<>();
        /** The layout read last: comparing its labels costs less than hashing them. */
        private volatile Layout last;

        /** The column labels of one result set, in order, and the positions found for them. */
        private record Layout(String[] labels, int hash, int[] at) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Layout l && hash == l.hash && Arrays.equals(labels, l.labels);
            }

            @Override
            public int hashCode() {
                return hash;
            }
        }

        /**
         * Each component's column position in {@code rs}. The driver's findColumn builds a map of
         * every label per result set (17% of a one-row read in profiles); the positions depend only
         * on the labels and their order, so they are found once per layout. A changed schema or
         * another statement gives other labels, hence its own positions.
         */
        int[] positions(ResultSet rs) throws SQLException {
            ResultSetMetaData md = rs.getMetaData();
            String[] labels = new String[md.getColumnCount()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = md.getColumnLabel(i + 1);
            }
            Layout recent = last;
            if (recent != null && Arrays.equals(recent.labels(), labels)) {
                return recent.at();
            }
            int hash = Arrays.hashCode(labels);
            int[] at = layouts.get(new Layout(labels, hash, null));
            if (at == null) {
                at = new int[columns.length];
                for (int i = 0; i < at.length; i++) {
                    at[i] = rs.findColumn(columns[i]);
                }
                if (layouts.size() < MAX_LAYOUTS) {
                    layouts.putIfAbsent(new Layout(labels, hash, at), at);
                }
            }
            Layout known = new Layout(labels, hash, at);
            last = known;
            return known.at();
        }

        /** The record of the current row. */
        T read(ResultSet rs, int[] at) throws SQLException {
            Object[] args = new Object[at.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = handlers[i].getResult(rs, at[i]);
            }
            return objects.create(type, argTypes, Arrays.asList(args));
        }

        @Override
        public T getResult(ResultSet rs, String firstColumn) throws SQLException {
            return read(rs, positions(rs));
        }

        @Override
        public T getResult(ResultSet rs, int columnIndex) throws SQLException {
            return getResult(rs, (String) null);
        }

        @Override
        public T getResult(CallableStatement cs, int columnIndex) {
            throw new UnsupportedOperationException(type.getName() + " is read from result sets only");
        }

        @Override
        public void setParameter(PreparedStatement ps, int i, T parameter, JdbcType jdbcType) {
            throw new UnsupportedOperationException(type.getName() + " is a row, not a parameter: bind its components");
        }
    }

    /**
     * Reads a statement's records without MyBatis' per-statement result machinery (which asks the
     * driver for every column's Java class name and SQL type on each execution): the first result
     * set (a statement text may end with COMMIT, which has none), one record per row.
     */
    static final class RecordRows implements ResultSetHandler {

        private final RecordRowHandler<?> rows;

        RecordRows(RecordRowHandler<?> rows) {
            this.rows = rows;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <E> List<E> handleResultSets(Statement stmt) throws SQLException {
            ResultSet rs = stmt.getResultSet();
            while (rs == null && (stmt.getMoreResults() || stmt.getUpdateCount() != -1)) {
                rs = stmt.getResultSet();
            }
            List<Object> out = new ArrayList<>();
            if (rs != null) {
                try (ResultSet r = rs) {
                    int[] at = null;
                    while (r.next()) {
                        if (at == null) {
                            at = rows.positions(r);
                        }
                        out.add(rows.read(r, at));
                    }
                }
            }
            return (List<E>) out;
        }

        @Override
        public <E> Cursor<E> handleCursorResultSets(Statement stmt) {
            throw new UnsupportedOperationException("PortalKit mappers return lists, not cursors");
        }

        @Override
        public void handleOutputParameters(CallableStatement cs) {
            throw new UnsupportedOperationException("PortalKit mappers call no stored procedures");
        }
    }

    /** Creates public records through their canonical constructor, looked up once per record type. */
    private static final class RecordObjectFactory extends DefaultObjectFactory {

        private static final long serialVersionUID = 1L;

        /** A canonical constructor as (Object[]) -> record, and how many arguments it takes. */
        private record Creator(MethodHandle handle, int arity) {
        }

        /** Null for a type MyBatis' own factory creates. */
        private static final ClassValue<Creator> CANONICAL = new ClassValue<>() {
            @Override
            protected Creator computeValue(Class<?> type) {
                if (!type.isRecord() || !Modifier.isPublic(type.getModifiers())) {
                    return null;
                }
                RecordComponent[] components = type.getRecordComponents();
                Class<?>[] types = new Class<?>[components.length];
                for (int i = 0; i < types.length; i++) {
                    types[i] = components[i].getType();
                }
                try {
                    return new Creator(MethodHandles.publicLookup().findConstructor(type, MethodType.methodType(void.class, types))
                            .asSpreader(Object[].class, types.length)
                            .asType(MethodType.methodType(Object.class, Object[].class)), types.length);
                } catch (NoSuchMethodException | IllegalAccessException e) {
                    return null;
                }
            }
        };

        @Override
        public <T> T create(Class<T> type, List<Class<?>> argTypes, List<Object> args) {
            Creator c = args == null ? null : CANONICAL.get(type);
            if (c == null || args.size() != c.arity()) {
                return super.create(type, argTypes, args);
            }
            try {
                return type.cast((Object) c.handle().invokeExact(args.toArray()));
            } catch (RuntimeException | Error e) {
                throw e; // a compact constructor's own check, e.g. a ValidationException
            } catch (Throwable e) {
                throw new IllegalStateException("Creating " + type.getName() + " failed", e);
            }
        }
    }
}
