package dev.portalkit.core.internal.mybatis;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forms of OGNL that mapper XML tests and collections use almost always: a dotted path, {@code path},
 * {@code !path}, {@code path != null}, {@code path == null}. Evaluating those through OGNL parses nothing
 * (its trees are cached) but walks the tree and looks members up reflectively on every call, 9-12% of an
 * audited write's Java time. Here a path reads each step the way MyBatis' OGNL set-up does: the first
 * name through the context map (MyBatis' own {@code ContextAccessor} rule), then a map's key or a
 * public record's component. Any other step or value (a bean, a non-public record, a number where a
 * test wants a boolean) answers {@link #OGNL}, and the caller asks OGNL for that call: the two ways can
 * only ever agree, never differ.
 */
final class SimpleExpression {

    /** The answer when OGNL must decide. */
    static final Object OGNL = new Object();

    private static final Pattern NULL_COMPARISON = Pattern.compile("(.*?)\\s*(!=|==)\\s*null");
    private static final Pattern PATH = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    /** OGNL keywords and literals, which look like a name; and what OGNL reads specially from a map. */
    private static final Set<String> NOT_NAMES = Set.of("null", "true", "false", "and", "or", "not", "in",
            "instanceof", "eq", "neq", "lt", "lte", "gt", "gte", "shl", "shr", "ushr", "band", "bor", "xor",
            "new", "this", "root", "context");
    private static final Set<String> MAP_SPECIAL = Set.of("size", "keys", "keySet", "values", "isEmpty");
    private static final String PARAMETER = "_parameter";

    private static final ClassValue<Map<String, MethodHandle>> COMPONENTS = new ClassValue<>() {
        @Override
        protected Map<String, MethodHandle> computeValue(Class<?> type) {
            Map<String, MethodHandle> out = new HashMap<>();
            if (!type.isRecord() || !Modifier.isPublic(type.getModifiers())) {
                return out;
            }
            for (RecordComponent c : type.getRecordComponents()) {
                String name = c.getName();
                String bean = Character.toUpperCase(name.charAt(0)) + name.substring(1);
                if (hasNoArgMethod(type, "get" + bean) || hasNoArgMethod(type, "is" + bean)) {
                    continue; // OGNL would prefer the getter: let it
                }
                try {
                    out.put(name, MethodHandles.publicLookup().unreflect(c.getAccessor())
                            .asType(MethodType.methodType(Object.class, Object.class)));
                } catch (IllegalAccessException e) {
                    // not reachable publicly: OGNL's way
                }
            }
            return out;
        }
    };

    private enum Form { VALUE, NOT, IS_NULL, NOT_NULL }

    private final Form form;
    private final String first;
    private final String[] rest;

    private SimpleExpression(Form form, String[] path) {
        this.form = form;
        this.first = path[0];
        this.rest = java.util.Arrays.copyOfRange(path, 1, path.length);
    }

    /** The expression if it has one of the simple forms, else null (OGNL evaluates it every time). */
    static SimpleExpression of(String expression) {
        String e = expression.strip();
        Form form = Form.VALUE;
        Matcher comparison = NULL_COMPARISON.matcher(e);
        if (comparison.matches()) {
            form = comparison.group(2).equals("!=") ? Form.NOT_NULL : Form.IS_NULL;
            e = comparison.group(1);
        } else if (e.startsWith("!")) {
            form = Form.NOT;
            e = e.substring(1).strip();
        }
        if (!PATH.matcher(e).matches()) {
            return null;
        }
        String[] path = e.split("\\.");
        for (int i = 0; i < path.length; i++) {
            if (NOT_NAMES.contains(path[i]) || i > 0 && MAP_SPECIAL.contains(path[i])) {
                return null;
            }
        }
        return new SimpleExpression(form, path);
    }

    /** A test's answer: {@code Boolean.TRUE}/{@code FALSE}, or {@link #OGNL}. */
    Object test(Map<String, Object> bindings) {
        Object v = value(bindings);
        if (v == OGNL) {
            return OGNL;
        }
        return switch (form) {
            case NOT_NULL -> v != null;
            case IS_NULL -> v == null;
            // MyBatis' evaluateBoolean and OGNL's '!' agree on these two kinds only
            case VALUE -> v == null ? Boolean.FALSE : v instanceof Boolean b ? b : OGNL;
            case NOT -> v == null ? Boolean.TRUE : v instanceof Boolean b ? !b : OGNL;
        };
    }

    /** The path's value (for a test, before its operator), or {@link #OGNL}. */
    Object value(Map<String, Object> bindings) {
        // MyBatis' ContextAccessor.getProperty, as in 3.5.19
        Object v;
        try {
            v = bindings.get(first);
            if (v == null && !bindings.containsKey(first)) {
                Object parameter = bindings.get(PARAMETER);
                v = parameter instanceof Map<?, ?> map ? map.get(first) : null;
            }
        } catch (RuntimeException missing) {
            return OGNL; // a parameter that is not there: OGNL reports it, in its own words
        }
        for (String name : rest) {
            if (v == null) {
                return OGNL; // OGNL throws or answers null depending on its settings: let it
            }
            if (v instanceof Map<?, ?> map) {
                v = map.get(name);
                continue;
            }
            MethodHandle h = COMPONENTS.get(v.getClass()).get(name);
            if (h == null) {
                return OGNL;
            }
            try {
                v = (Object) h.invokeExact(v);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
        return v;
    }

    boolean isPath() {
        return form == Form.VALUE;
    }

    private static boolean hasNoArgMethod(Class<?> type, String name) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 0) {
                return true;
            }
        }
        return false;
    }
}
