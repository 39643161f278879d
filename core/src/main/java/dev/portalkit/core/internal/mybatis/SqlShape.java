package dev.portalkit.core.internal.mybatis;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.scripting.xmltags.ChooseSqlNode;
import org.apache.ibatis.scripting.xmltags.DynamicContext;
import org.apache.ibatis.scripting.xmltags.ExpressionEvaluator;
import org.apache.ibatis.scripting.xmltags.ForEachSqlNode;
import org.apache.ibatis.scripting.xmltags.IfSqlNode;
import org.apache.ibatis.scripting.xmltags.MixedSqlNode;
import org.apache.ibatis.scripting.xmltags.OgnlCache;
import org.apache.ibatis.scripting.xmltags.SqlNode;
import org.apache.ibatis.scripting.xmltags.StaticTextSqlNode;
import org.apache.ibatis.scripting.xmltags.TextSqlNode;
import org.apache.ibatis.scripting.xmltags.TrimSqlNode;
import org.apache.ibatis.scripting.xmltags.VarDeclSqlNode;
import org.apache.ibatis.session.Configuration;

/**
 * What decides a dynamic statement's text: which {@code <if>}s hold, which {@code <when>} is
 * chosen and how many items each {@code <foreach>} has. Walking only those (and making the same
 * bindings MyBatis makes, in the same order) is far cheaper than MyBatis' walk, which also
 * concatenates the 1.5-4.5 KB text, filters each foreach item's text through a token parser and
 * upper-cases each {@code <where>}/{@code <trim>} body; profiles put that at 10-14% of a write.
 * Given the same decisions the text is the same, so it is built once per shape.
 *
 * <p>The tree is read from MyBatis' nodes once, by reflection (their fields are private); a node
 * this class does not know, or a {@code ${}} left to run time, makes the statement unshaped
 * ({@link #of} returns null) and it keeps the comparison of whole texts.
 */
final class SqlShape {

    private static final ExpressionEvaluator EVALUATOR = new ExpressionEvaluator();

    private final Walk root;

    private SqlShape(Walk root) {
        this.root = root;
    }

    /** The shape walk of {@code root}, or null when some node's output is not decided by the walk. */
    static SqlShape of(Configuration configuration, SqlNode root) {
        try {
            return new SqlShape(walk(configuration, root));
        } catch (Unshaped | ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** One execution's decisions and the classes of the values it bound, in order. */
    static final class Trace {
        private int[] decisions = new int[8];
        private int size;
        private final List<Class<?>> bound = new ArrayList<>();
        /** False when a bound value is a map, collection or array (its handlers depend on contents). */
        boolean keyable = true;

        void decide(int d) {
            if (size == decisions.length) {
                decisions = Arrays.copyOf(decisions, size * 2);
            }
            decisions[size++] = d;
        }

        void bind(DynamicContext context, String name, Object value) {
            context.bind(name, value);
            if (value instanceof Map || value instanceof Iterable || value != null && value.getClass().isArray()) {
                keyable = false;
            }
            bound.add(value == null ? Void.class : value.getClass());
        }

        Key key(Class<?> parameterType) {
            return new Key(Arrays.copyOf(decisions, size), bound.toArray(new Class<?>[0]), parameterType);
        }
    }

    /** A shape: equal keys give equal texts and equal parameter types. */
    static final class Key {
        private final int[] decisions;
        private final Class<?>[] bound;
        private final Class<?> parameterType;
        private final int hash;

        Key(int[] decisions, Class<?>[] bound, Class<?> parameterType) {
            this.decisions = decisions;
            this.bound = bound;
            this.parameterType = parameterType;
            this.hash = 31 * (31 * Arrays.hashCode(decisions) + Arrays.hashCode(bound)) + parameterType.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && parameterType == k.parameterType
                    && Arrays.equals(decisions, k.decisions) && Arrays.equals(bound, k.bound);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Walks the decisions for {@code context}, binding what MyBatis would bind. */
    void walk(DynamicContext context, Trace trace) {
        root.walk(context, trace);
    }

    private interface Walk {
        void walk(DynamicContext context, Trace trace);
    }

    private static final Walk NOTHING = (context, trace) -> { };

    private static final class Unshaped extends Exception {
        private static final long serialVersionUID = 1L;

        Unshaped() {
            super(null, null, false, false);
        }
    }

    private static Walk walk(Configuration configuration, SqlNode node) throws Unshaped, ReflectiveOperationException {
        if (node == null || node instanceof StaticTextSqlNode) {
            return NOTHING;
        }
        if (node instanceof TextSqlNode text) {
            if (text.isDynamic()) {
                throw new Unshaped(); // ${} at run time: its text depends on values
            }
            return NOTHING;
        }
        if (node.getClass() == MixedSqlNode.class) {
            List<SqlNode> contents = field(node, MixedSqlNode.class, "contents");
            List<Walk> walks = new ArrayList<>();
            for (SqlNode n : contents) {
                Walk w = walk(configuration, n);
                if (w != NOTHING) {
                    walks.add(w);
                }
            }
            Walk[] all = walks.toArray(new Walk[0]);
            return all.length == 0 ? NOTHING : (context, trace) -> {
                for (Walk w : all) {
                    w.walk(context, trace);
                }
            };
        }
        if (node.getClass() == IfSqlNode.class) {
            String test = field(node, IfSqlNode.class, "test");
            SimpleExpression simple = SimpleExpression.of(test);
            Walk contents = walk(configuration, field(node, IfSqlNode.class, "contents"));
            return (context, trace) -> {
                boolean holds = holds(simple, test, context.getBindings());
                trace.decide(holds ? 1 : 0);
                if (holds) {
                    contents.walk(context, trace);
                }
            };
        }
        if (node.getClass() == ChooseSqlNode.class) {
            List<SqlNode> whens = field(node, ChooseSqlNode.class, "ifSqlNodes");
            String[] tests = new String[whens.size()];
            SimpleExpression[] simple = new SimpleExpression[whens.size()];
            Walk[] bodies = new Walk[whens.size()];
            for (int i = 0; i < tests.length; i++) {
                if (whens.get(i).getClass() != IfSqlNode.class) {
                    throw new Unshaped();
                }
                tests[i] = field(whens.get(i), IfSqlNode.class, "test");
                simple[i] = SimpleExpression.of(tests[i]);
                bodies[i] = walk(configuration, field(whens.get(i), IfSqlNode.class, "contents"));
            }
            Walk otherwise = walk(configuration, field(node, ChooseSqlNode.class, "defaultSqlNode"));
            return (context, trace) -> {
                for (int i = 0; i < tests.length; i++) {
                    if (holds(simple[i], tests[i], context.getBindings())) {
                        trace.decide(i);
                        bodies[i].walk(context, trace);
                        return;
                    }
                }
                trace.decide(-1);
                otherwise.walk(context, trace);
            };
        }
        if (node instanceof TrimSqlNode) { // <trim>, <where>, <set>: their text follows from their body's
            return walk(configuration, field(node, TrimSqlNode.class, "contents"));
        }
        if (node.getClass() == VarDeclSqlNode.class) {
            String name = field(node, VarDeclSqlNode.class, "name");
            String expression = field(node, VarDeclSqlNode.class, "expression");
            return (context, trace) -> trace.bind(context, name, OgnlCache.getValue(expression, context.getBindings()));
        }
        if (node.getClass() == ForEachSqlNode.class) {
            return forEach(configuration, node);
        }
        throw new Unshaped();
    }

    /** Mirrors ForEachSqlNode.apply (MyBatis 3.5.19): the same evaluation, numbering and bindings. */
    private static Walk forEach(Configuration configuration, SqlNode node) throws Unshaped, ReflectiveOperationException {
        String collection = field(node, ForEachSqlNode.class, "collectionExpression");
        SimpleExpression simple = SimpleExpression.of(collection);
        SimpleExpression path = simple != null && simple.isPath() ? simple : null;
        Boolean nullable = field(node, ForEachSqlNode.class, "nullable");
        String item = field(node, ForEachSqlNode.class, "item");
        String index = field(node, ForEachSqlNode.class, "index");
        Walk contents = walk(configuration, field(node, ForEachSqlNode.class, "contents"));
        return (context, trace) -> {
            Map<String, Object> bindings = context.getBindings();
            Object read = path == null ? SimpleExpression.OGNL : path.value(bindings);
            Iterable<?> iterable = read instanceof Iterable<?> direct ? direct // else OGNL, which also refuses
                    : EVALUATOR.evaluateIterable(collection, bindings,
                            nullable != null ? nullable : configuration.isNullableOnForEach());
            int i = 0;
            if (iterable != null && iterable.iterator().hasNext()) {
                for (Object o : iterable) {
                    int unique = context.getUniqueNumber();
                    Object key = o instanceof Map.Entry<?, ?> e ? e.getKey() : Integer.valueOf(i);
                    Object value = o instanceof Map.Entry<?, ?> e ? e.getValue() : o;
                    if (index != null) {
                        trace.bind(context, index, key);
                        trace.bind(context, ForEachSqlNode.ITEM_PREFIX + index + "_" + unique, key);
                    }
                    if (item != null) {
                        trace.bind(context, item, value);
                        trace.bind(context, ForEachSqlNode.ITEM_PREFIX + item + "_" + unique, value);
                    }
                    contents.walk(context, trace);
                    i++;
                }
                context.getBindings().remove(item);
                context.getBindings().remove(index);
            }
            trace.decide(i);
        };
    }

    /** An if's or when's test: read directly when it is simple and its value is plain, else by OGNL. */
    private static boolean holds(SimpleExpression simple, String test, Map<String, Object> bindings) {
        Object direct = simple == null ? SimpleExpression.OGNL : simple.test(bindings);
        return direct != SimpleExpression.OGNL ? (Boolean) direct : EVALUATOR.evaluateBoolean(test, bindings);
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Object node, Class<?> declaring, String name) throws ReflectiveOperationException {
        Field f = declaring.getDeclaredField(name);
        f.setAccessible(true);
        return (T) f.get(node);
    }
}
