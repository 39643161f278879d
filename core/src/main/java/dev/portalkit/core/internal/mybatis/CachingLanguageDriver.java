package dev.portalkit.core.internal.mybatis;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ibatis.builder.SqlSourceBuilder;
import org.apache.ibatis.executor.ErrorContext;
import org.apache.ibatis.executor.parameter.ParameterHandler;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.mapping.ParameterMode;
import org.apache.ibatis.reflection.MetaObject;
import org.apache.ibatis.scripting.defaults.DefaultParameterHandler;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.SqlSource;
import org.apache.ibatis.parsing.XNode;
import org.apache.ibatis.scripting.xmltags.DynamicContext;
import org.apache.ibatis.scripting.xmltags.DynamicSqlSource;
import org.apache.ibatis.scripting.xmltags.SqlNode;
import org.apache.ibatis.scripting.xmltags.XMLLanguageDriver;
import org.apache.ibatis.scripting.xmltags.XMLScriptBuilder;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.type.JdbcType;
import org.apache.ibatis.type.TypeException;
import org.apache.ibatis.type.TypeHandler;

/**
 * MyBatis' XML language, with the parse of a dynamic statement's generated text kept.
 *
 * <p>For a statement with {@code <if>}, {@code <foreach>} and the like, MyBatis builds the SQL text
 * on every execution and then parses it again: it finds each {@code #{...}}, parses its options and
 * resolves its type handler, which for a 50-parameter INSERT costs more CPU than the rest of the
 * call. The result depends only on that text, the parameter object's class and the classes of the
 * values the statement binds itself (foreach items, binds): kept under those, it is parsed once. A
 * statement binding a map, a collection or an array keeps MyBatis' own way (a map's entries are
 * typed by their values at each execution).
 */
public final class CachingLanguageDriver extends XMLLanguageDriver {

    /** Different texts per statement kept at most (a foreach over a growing list makes new ones). */
    private static final int MAX_TEXTS = 256;

    @Override
    public SqlSource createSqlSource(Configuration configuration, XNode script, Class<?> parameterType) {
        SqlSource source = super.createSqlSource(configuration, script, parameterType);
        if (!(source instanceof DynamicSqlSource)) {
            return source;
        }
        return new CachingSqlSource(configuration, new Nodes(configuration, script, parameterType).root(script));
    }

    /** Exposes MyBatis' parse of a script's dynamic tags. */
    private static final class Nodes extends XMLScriptBuilder {

        Nodes(Configuration configuration, XNode script, Class<?> parameterType) {
            super(configuration, script, parameterType);
        }

        SqlNode root(XNode script) {
            return parseDynamicTags(script);
        }
    }

    /** Equality compares the text first (a vectorised comparison); the hash is only needed for the map. */
    private record Key(String sql, Class<?> parameterType, Map<String, Class<?>> bindings) {
    }

    static final class CachingSqlSource implements SqlSource {

        private final Configuration configuration;
        private final SqlNode root;
        private final Map<Key, SqlSource> parsed = new ConcurrentHashMap<>();
        /** The last text parsed: most statements make one, and comparing it costs less than hashing it. */
        private volatile Parsed last;

        private record Parsed(Key key, SqlSource source) {
        }

        CachingSqlSource(Configuration configuration, SqlNode root) {
            this.configuration = configuration;
            this.root = root;
        }

        @Override
        public BoundSql getBoundSql(Object parameterObject) {
            DynamicContext context = new DynamicContext(configuration, parameterObject);
            root.apply(context);
            String sql = context.getSql();
            Class<?> parameterType = parameterObject == null ? Object.class : parameterObject.getClass();
            Map<String, Object> bindings = context.getBindings();
            Key key = key(sql, parameterType, bindings);
            Parsed recent = last;
            SqlSource source = null;
            if (key != null && recent != null && recent.key().equals(key)) {
                source = recent.source();
            } else if (key != null) {
                source = parsed.get(key);
            }
            if (source == null) {
                source = new SqlSourceBuilder(configuration).parse(sql, parameterType, bindings);
                if (key != null && parsed.size() < MAX_TEXTS) {
                    parsed.putIfAbsent(key, source);
                }
            }
            if (key != null) {
                last = new Parsed(key, source);
            }
            BoundSql boundSql = source.getBoundSql(parameterObject);
            bindings.forEach(boundSql::setAdditionalParameter);
            return boundSql;
        }

        int texts() {
            return parsed.size();
        }

        /** Null when a bound value's type handlers would depend on its contents. */
        private static Key key(String sql, Class<?> parameterType, Map<String, Object> bindings) {
            Map<String, Class<?>> types = new TreeMap<>();
            for (Map.Entry<String, Object> e : bindings.entrySet()) {
                if (e.getKey().equals(DynamicContext.PARAMETER_OBJECT_KEY) || e.getKey().equals(DynamicContext.DATABASE_ID_KEY)) {
                    continue;
                }
                Object v = e.getValue();
                if (v instanceof Map || v instanceof Iterable || v != null && v.getClass().isArray()) {
                    return null;
                }
                types.put(e.getKey(), v == null ? Void.class : v.getClass());
            }
            return new Key(sql, parameterType, types);
        }
    }

    @Override
    public ParameterHandler createParameterHandler(MappedStatement ms, Object parameterObject, BoundSql boundSql) {
        return new RecordParameterHandler(ms, parameterObject, boundSql);
    }

    /**
     * MyBatis' parameter handler, reading {@code #{e.templateId}} from a record through its
     * accessor (a method handle looked up once per record type and component) instead of a new
     * reflective meta-object walk per parameter: setting the 53 parameters of a statement was
     * nearly half of its Java-side cost. Anything but a path of map keys and public record
     * components (foreach items, indexes, beans) goes MyBatis' way.
     */
    static final class RecordParameterHandler extends DefaultParameterHandler {

        private static final ClassValue<Map<String, MethodHandle>> ACCESSORS = new ClassValue<>() {
            @Override
            protected Map<String, MethodHandle> computeValue(Class<?> type) {
                Map<String, MethodHandle> out = new HashMap<>();
                if (type.isRecord() && Modifier.isPublic(type.getModifiers())) {
                    for (RecordComponent c : type.getRecordComponents()) {
                        try {
                            out.put(c.getName(), MethodHandles.publicLookup().unreflect(c.getAccessor())
                                    .asType(MethodType.methodType(Object.class, Object.class)));
                        } catch (IllegalAccessException e) {
                            return Map.of(); // not reachable publicly: MyBatis' way
                        }
                    }
                }
                return out;
            }
        };

        private final Configuration configuration;
        private final MappedStatement ms;
        private final Object parameterObject;
        private final BoundSql boundSql;

        RecordParameterHandler(MappedStatement ms, Object parameterObject, BoundSql boundSql) {
            super(ms, parameterObject, boundSql);
            this.configuration = ms.getConfiguration();
            this.ms = ms;
            this.parameterObject = parameterObject;
            this.boundSql = boundSql;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void setParameters(PreparedStatement ps) {
            if (!(parameterObject instanceof Map<?, ?> params)
                    || configuration.getTypeHandlerRegistry().hasTypeHandler(parameterObject.getClass())) {
                super.setParameters(ps);
                return;
            }
            ErrorContext.instance().activity("setting parameters").object(ms.getParameterMap().getId());
            List<ParameterMapping> mappings = boundSql.getParameterMappings();
            MetaObject meta = null;
            for (int i = 0; i < mappings.size(); i++) {
                ParameterMapping m = mappings.get(i);
                if (m.getMode() == ParameterMode.OUT) {
                    continue;
                }
                String name = m.getProperty();
                Object value = NOT_FOUND;
                if (!boundSql.hasAdditionalParameter(name)) {
                    value = read(params, name);
                }
                if (value == NOT_FOUND) {
                    if (boundSql.hasAdditionalParameter(name)) {
                        value = boundSql.getAdditionalParameter(name);
                    } else {
                        meta = meta == null ? configuration.newMetaObject(parameterObject) : meta;
                        value = meta.getValue(name);
                    }
                }
                JdbcType jdbcType = m.getJdbcType();
                if (value == null && jdbcType == null) {
                    jdbcType = configuration.getJdbcTypeForNull();
                }
                try {
                    ((TypeHandler) m.getTypeHandler()).setParameter(ps, i + 1, value, jdbcType);
                } catch (TypeException | SQLException e) {
                    throw new TypeException("Could not set parameters for mapping: " + m + ". Cause: " + e, e);
                }
            }
        }

        private static final Object NOT_FOUND = new Object();

        /** The value at a path of map keys and record components, or NOT_FOUND for MyBatis to read. */
        private static Object read(Map<?, ?> params, String path) {
            if (path.indexOf('[') >= 0) {
                return NOT_FOUND;
            }
            int dot = path.indexOf('.');
            String first = dot < 0 ? path : path.substring(0, dot);
            if (!params.containsKey(first)) {
                return NOT_FOUND; // MyBatis names the missing parameter
            }
            Object value = params.get(first);
            while (dot >= 0) {
                if (value == null) {
                    return null;
                }
                int next = path.indexOf('.', dot + 1);
                String name = next < 0 ? path.substring(dot + 1) : path.substring(dot + 1, next);
                if (value instanceof Map<?, ?> map) {
                    value = map.get(name);
                } else {
                    MethodHandle accessor = ACCESSORS.get(value.getClass()).get(name);
                    if (accessor == null) {
                        return NOT_FOUND;
                    }
                    try {
                        value = (Object) accessor.invokeExact(value);
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                }
                dot = next;
            }
            return value;
        }
    }

    /** For tests: the texts kept by {@code source}, or -1 if it is not dynamic. */
    static int textsKept(SqlSource source) {
        return source instanceof CachingSqlSource c ? c.texts() : -1;
    }
}
