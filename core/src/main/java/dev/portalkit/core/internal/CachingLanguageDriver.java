package dev.portalkit.core.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ibatis.builder.SqlSourceBuilder;
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

    private record Key(String sql, Class<?> parameterType, Map<String, Class<?>> bindings) {
    }

    static final class CachingSqlSource implements SqlSource {

        private final Configuration configuration;
        private final SqlNode root;
        private final Map<Key, SqlSource> parsed = new ConcurrentHashMap<>();

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
            SqlSource source = key == null ? null : parsed.get(key);
            if (source == null) {
                source = new SqlSourceBuilder(configuration).parse(sql, parameterType, bindings);
                if (key != null && parsed.size() < MAX_TEXTS) {
                    parsed.putIfAbsent(key, source);
                }
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

    /** For tests: the texts kept by {@code source}, or -1 if it is not dynamic. */
    static int textsKept(SqlSource source) {
        return source instanceof CachingSqlSource c ? c.texts() : -1;
    }
}
