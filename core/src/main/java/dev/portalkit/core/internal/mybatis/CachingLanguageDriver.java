package dev.portalkit.core.internal.mybatis;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ibatis.builder.SqlSourceBuilder;
import org.apache.ibatis.executor.parameter.ParameterHandler;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.SqlSource;
import org.apache.ibatis.parsing.XNode;
import org.apache.ibatis.scripting.xmltags.DynamicContext;
import org.apache.ibatis.scripting.xmltags.DynamicSqlSource;
import org.apache.ibatis.scripting.xmltags.SqlNode;
import org.apache.ibatis.scripting.xmltags.XMLLanguageDriver;
import org.apache.ibatis.scripting.xmltags.XMLScriptBuilder;
import org.apache.ibatis.session.Configuration;

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
 *
 * <p>The text itself is kept too, under the statement's {@link SqlShape} (its {@code <if>} results,
 * {@code <when>} choices and {@code <foreach>} sizes, plus the classes it binds): MyBatis builds it
 * once per shape. A statement whose shape does not decide its text compares whole texts instead.
 * Every text, static ones included, carries a {@link BindingPlan} for {@link RecordParameterHandler}.
 */
public final class CachingLanguageDriver extends XMLLanguageDriver {

    /** Different texts per statement kept at most (a foreach over a growing list makes new ones). */
    private static final int MAX_TEXTS = 256;

    @Override
    public SqlSource createSqlSource(Configuration configuration, XNode script, Class<?> parameterType) {
        SqlSource source = super.createSqlSource(configuration, script, parameterType);
        if (!(source instanceof DynamicSqlSource)) {
            return new PlannedStaticSource(configuration, source);
        }
        SqlNode root = new Nodes(configuration, script, parameterType).root(script);
        return new CachingSqlSource(configuration, root, SqlShape.of(configuration, root));
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

    /** A statement without dynamic tags: one text, one binding plan. */
    static final class PlannedStaticSource implements SqlSource {

        private final Configuration configuration;
        private final String sql;
        private final BindingPlan plan;

        PlannedStaticSource(Configuration configuration, SqlSource raw) {
            BoundSql once = raw.getBoundSql(null); // a raw source's text and mappings never change
            this.configuration = configuration;
            this.sql = once.getSql();
            this.plan = BindingPlan.of(configuration, once.getParameterMappings(), once.getAdditionalParameters().keySet());
        }

        @Override
        public BoundSql getBoundSql(Object parameterObject) {
            return new BindingPlan.PlannedBoundSql(configuration, sql, plan, parameterObject);
        }
    }

    /** Equality compares the text first (a vectorised comparison); the hash is only needed for the map. */
    private record Key(String sql, Class<?> parameterType, Map<String, Class<?>> bindings) {
    }

    /** A parsed text and its binding plan. */
    private record Text(String sql, BindingPlan plan) {
    }

    static final class CachingSqlSource implements SqlSource {

        private final Configuration configuration;
        private final SqlNode root;
        /** Null when the statement's text is not decided by its shape alone: then texts are compared. */
        private volatile SqlShape shape;
        private final Map<SqlShape.Key, Text> shapes = new ConcurrentHashMap<>();
        private volatile Shaped lastShape;
        private final Map<Key, Text> parsed = new ConcurrentHashMap<>();
        /** The last text parsed: most statements make one, and comparing it costs less than hashing it. */
        private volatile Parsed last;

        private record Parsed(Key key, Text text) {
        }

        private record Shaped(SqlShape.Key key, Text text) {
        }

        CachingSqlSource(Configuration configuration, SqlNode root, SqlShape shape) {
            this.configuration = configuration;
            this.root = root;
            this.shape = shape;
        }

        @Override
        public BoundSql getBoundSql(Object parameterObject) {
            SqlShape s = shape;
            if (s == null) {
                return byText(parameterObject);
            }
            DynamicContext context = new DynamicContext(configuration, parameterObject);
            SqlShape.Trace trace = new SqlShape.Trace();
            s.walk(context, trace);
            if (!trace.keyable) {
                return byText(parameterObject);
            }
            SqlShape.Key key = trace.key(parameterObject == null ? Object.class : parameterObject.getClass());
            Shaped recent = lastShape;
            Text text = recent != null && recent.key().equals(key) ? recent.text() : shapes.get(key);
            if (text == null) {
                // a new shape: MyBatis' own walk makes the text; its bindings must be the shape walk's
                DynamicContext full = new DynamicContext(configuration, parameterObject);
                root.apply(full);
                if (!full.getBindings().equals(context.getBindings())) {
                    shape = null; // the walk does not mirror MyBatis here: never trust it again
                    return byText(parameterObject);
                }
                text = parse(full.getSql(), parameterObject, full.getBindings());
                if (shapes.size() < MAX_TEXTS) {
                    shapes.putIfAbsent(key, text);
                }
            }
            lastShape = new Shaped(key, text);
            return bound(text, parameterObject, context.getBindings());
        }

        /** MyBatis' walk on every execution, its text parsed once (the way before shapes). */
        private BoundSql byText(Object parameterObject) {
            DynamicContext context = new DynamicContext(configuration, parameterObject);
            root.apply(context);
            String sql = context.getSql();
            Class<?> parameterType = parameterObject == null ? Object.class : parameterObject.getClass();
            Map<String, Object> bindings = context.getBindings();
            Key key = key(sql, parameterType, bindings);
            Parsed recent = last;
            Text text = null;
            if (key != null && recent != null && recent.key().equals(key)) {
                text = recent.text();
            } else if (key != null) {
                text = parsed.get(key);
            }
            if (text == null) {
                text = parse(sql, parameterObject, bindings);
                if (key != null && parsed.size() < MAX_TEXTS) {
                    parsed.putIfAbsent(key, text);
                }
            }
            if (key != null) {
                last = new Parsed(key, text);
            }
            return bound(text, parameterObject, bindings);
        }

        private Text parse(String sql, Object parameterObject, Map<String, Object> bindings) {
            Class<?> parameterType = parameterObject == null ? Object.class : parameterObject.getClass();
            BoundSql once = new SqlSourceBuilder(configuration).parse(sql, parameterType, bindings).getBoundSql(parameterObject);
            return new Text(once.getSql(), BindingPlan.of(configuration, once.getParameterMappings(), bindings.keySet()));
        }

        private BoundSql bound(Text text, Object parameterObject, Map<String, Object> bindings) {
            BoundSql boundSql = new BindingPlan.PlannedBoundSql(configuration, text.sql(), text.plan(), parameterObject);
            boundSql.getAdditionalParameters().putAll(bindings); // names without '.': what setAdditionalParameter does
            return boundSql;
        }

        int texts() {
            return shape != null ? shapes.size() : parsed.size();
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

    /** For tests: the texts kept by {@code source}, or -1 if it is not dynamic. */
    static int textsKept(SqlSource source) {
        return source instanceof CachingSqlSource c ? c.texts() : -1;
    }

    /** For tests: whether {@code source} keeps its texts by shape (its walk still mirrors MyBatis'). */
    static boolean shaped(SqlSource source) {
        return source instanceof CachingSqlSource c && c.shape != null;
    }
}
