package dev.portalkit.core.internal.mybatis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.ibatis.binding.MapperMethod.ParamMap;
import org.apache.ibatis.scripting.xmltags.DynamicContext;
import org.apache.ibatis.scripting.xmltags.ExpressionEvaluator;
import org.apache.ibatis.scripting.xmltags.OgnlCache;
import org.apache.ibatis.session.Configuration;
import org.junit.jupiter.api.Test;

/** Every answer read without OGNL equals OGNL's, over generated parameters; the rest is left to OGNL. */
class SimpleExpressionTest {

    public record Flags(Boolean write, Boolean commit, List<String> before, Object any) {
    }

    /** A getter OGNL prefers over the component: must be left to OGNL. */
    public record WithGetter(String name) {
        public String getName() {
            return "from getter";
        }
    }

    record Hidden(String name) {
    }

    private static final String[] PATHS = {"a", "b", "e", "e.write", "e.commit", "e.before", "e.any", "m.k", "m.e.write",
            "g.name", "h.name", "missing", "e.missing", "n"};
    private static final ExpressionEvaluator OGNL_EVALUATOR = new ExpressionEvaluator();

    private static Object value(Random r) {
        Object[] values = {null, Boolean.TRUE, Boolean.FALSE, 0, 1, 2.5, "", "x", List.of(), List.of("a"),
                new Flags(r.nextBoolean() ? null : r.nextBoolean(), r.nextBoolean(), List.of("z"), r.nextInt(2)),
                new Hidden("h"), new WithGetter("w")};
        return values[r.nextInt(values.length)];
    }

    private static Object parameter(Random r) {
        ParamMap<Object> p = new ParamMap<>();
        for (String name : List.of("a", "b", "n")) {
            if (r.nextInt(4) > 0) {
                p.put(name, value(r));
            }
        }
        p.put("e", r.nextInt(5) == 0 ? null
                : new Flags(r.nextBoolean() ? null : r.nextBoolean(), r.nextBoolean(), r.nextBoolean() ? null : List.of("x"), value(r)));
        Map<String, Object> m = new HashMap<>();
        m.put("k", value(r));
        m.put("e", p.get("e"));
        p.put("m", r.nextBoolean() ? m : null);
        p.put("g", new WithGetter("component"));
        p.put("h", new Hidden("hidden"));
        return p;
    }

    private static List<String> expressions() {
        List<String> out = new ArrayList<>();
        for (String path : PATHS) {
            out.addAll(List.of(path, "!" + path, path + " != null", path + " == null", " " + path + "  !=  null "));
        }
        return out;
    }

    @Test
    void everyDirectAnswerIsOgnlsAnswer() {
        Configuration c = new Configuration();
        Random r = new Random(23);
        int direct = 0;
        int left = 0;
        for (int n = 0; n < 400; n++) {
            Object parameter = parameter(r);
            for (String expression : expressions()) {
                SimpleExpression simple = SimpleExpression.of(expression);
                assertThat(simple).as(expression).isNotNull();
                Map<String, Object> bindings = new DynamicContext(c, parameter).getBindings();
                Object mine = simple.test(bindings);
                if (mine == SimpleExpression.OGNL) {
                    left++;
                    continue;
                }
                direct++;
                Object theirs = ognlTest(expression, bindings);
                assertThat(mine).as("%s with %s", expression, parameter).isEqualTo(theirs);
            }
            for (String path : PATHS) {
                Map<String, Object> bindings = new DynamicContext(c, parameter).getBindings();
                Object mine = SimpleExpression.of(path).value(bindings);
                if (mine != SimpleExpression.OGNL) {
                    assertThat(mine).as("%s with %s", path, parameter).isSameAs(OgnlCache.getValue(path, bindings));
                }
            }
        }
        assertThat(direct).as("answered directly (of %d)", direct + left).isGreaterThan(5_000);
        assertThat(left).as("left to OGNL (beans, numbers, getters, nulls inside a path)").isPositive();
    }

    @Test
    void aParameterThatIsNotAMapIsReadThroughMyBatisContext() {
        Configuration c = new Configuration();
        Flags flags = new Flags(true, false, List.of("x"), null);
        Map<String, Object> bindings = new DynamicContext(c, flags).getBindings();
        for (String expression : List.of("write", "!commit", "before != null", "any == null", "_parameter.write")) {
            assertThat(SimpleExpression.of(expression).test(bindings)).as(expression)
                    .isEqualTo(ognlTest(expression, bindings));
        }
    }

    @Test
    void otherFormsAreLeftToOgnl() {
        for (String expression : Arrays.asList("a or b", "!a and b != null", "event == 'OPENED'", "m.size", "m.isEmpty",
                "a.b[0]", "null", "true", "a != null and b", "x == @dev.Some@VALUE", "a.size() > 0", "", "1", "a.")) {
            assertThat(SimpleExpression.of(expression)).as(expression).isNull();
        }
    }

    @Test
    void aNullInsideAPathIsOgnlsToReport() {
        Configuration c = new Configuration();
        ParamMap<Object> p = new ParamMap<>();
        p.put("e", null);
        Map<String, Object> bindings = new DynamicContext(c, p).getBindings();
        assertThat(SimpleExpression.of("e.write").test(bindings)).isSameAs(SimpleExpression.OGNL);
        assertThat(OGNL_EVALUATOR.evaluateBoolean("e.write", bindings)).isFalse();
    }

    private static Object ognlTest(String expression, Map<String, Object> bindings) {
        return OGNL_EVALUATOR.evaluateBoolean(expression, bindings);
    }
}
