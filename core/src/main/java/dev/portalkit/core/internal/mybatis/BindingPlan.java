package dev.portalkit.core.internal.mybatis;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.mapping.ParameterMode;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.type.JdbcType;
import org.apache.ibatis.type.TypeHandler;

/**
 * How one statement text reads its parameters, worked out once per parsed text instead of on every
 * execution: each {@code #{a.b.c}} is split into its first name and the record components after it,
 * whether that first name is one of the text's additional parameters (foreach items, binds) is
 * decided here, and each component's accessor is remembered for the class last seen there (an
 * inline cache: a statement's parameters almost always have one class). Profiles showed the per-call
 * splitting and the two hash look-ups per parameter as a third of a write's Java-side time.
 */
final class BindingPlan {

    /** A value this plan cannot read: {@link RecordParameterHandler} then asks MyBatis. */
    static final Object NOT_FOUND = new Object();

    private static final ClassValue<Map<String, MethodHandle>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, MethodHandle> computeValue(Class<?> type) {
            Map<String, MethodHandle> out = new HashMap<>();
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    try {
                        Method accessor = c.getAccessor();
                        if (!Modifier.isPublic(type.getModifiers())) {
                            // the modules' package-private parameter records (billing's Settlement, Plan):
                            // MyBatis reads them reflectively anyway, through a MetaObject per call
                            accessor.setAccessible(true);
                        }
                        out.put(c.getName(), MethodHandles.lookup().unreflect(accessor)
                                .asType(MethodType.methodType(Object.class, Object.class)));
                    } catch (IllegalAccessException | RuntimeException e) {
                        return Map.of(); // not reachable (a closed module): MyBatis' way
                    }
                }
            }
            return out;
        }
    };

    final List<ParameterMapping> mappings;
    final Step[] steps;
    /** How many additional parameters the text had when planned; another count means another text. */
    final int additionalCount;
    /** The parameter-object class last found to have no type handler of its own (benign race). */
    Class<?> mapType;

    private BindingPlan(List<ParameterMapping> mappings, Step[] steps, int additionalCount) {
        this.mappings = mappings;
        this.steps = steps;
        this.additionalCount = additionalCount;
    }

    static BindingPlan of(Configuration configuration, List<ParameterMapping> mappings, Set<String> additional) {
        Step[] steps = new Step[mappings.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = new Step(configuration, mappings.get(i), additional);
        }
        return new BindingPlan(mappings, steps, additional.size());
    }

    /** One {@code #{...}}: its handler, and where its value is read from. */
    static final class Step {

        final ParameterMapping mapping;
        final String property;
        final boolean out;
        /** Null when the path has an index ({@code a[0].b}): MyBatis reads it. */
        final String first;
        final String[] rest;
        /** The first name is an additional parameter of the text (read from the BoundSql). */
        final boolean additional;
        @SuppressWarnings("rawtypes")
        final TypeHandler handler;
        /** The mapping's JDBC type, or the configuration's type for null when it has none. */
        final JdbcType jdbcType;
        final JdbcType jdbcTypeForNull;
        private final Accessor[] accessors;

        Step(Configuration configuration, ParameterMapping m, Set<String> additionalNames) {
            this.mapping = m;
            this.property = m.getProperty();
            this.out = m.getMode() == ParameterMode.OUT;
            this.handler = m.getTypeHandler();
            this.jdbcType = m.getJdbcType();
            this.jdbcTypeForNull = jdbcType != null ? jdbcType : configuration.getJdbcTypeForNull();
            String[] parts = property.indexOf('[') >= 0 ? null : property.split("\\.", -1);
            this.first = parts == null ? null : parts[0];
            this.rest = parts == null ? null : java.util.Arrays.copyOfRange(parts, 1, parts.length);
            // MyBatis' BoundSql.hasAdditionalParameter looks at the name before the first '.' or '['
            String head = property.split("[.\\[]", 2)[0];
            this.additional = additionalNames.contains(head);
            this.accessors = new Accessor[rest == null ? 0 : rest.length];
        }

        /** This step's value, or NOT_FOUND when MyBatis must read it (it then also names what is missing). */
        @SuppressWarnings("unchecked")
        Object read(Map<?, ?> params, BoundSql boundSql) {
            if (first == null) {
                return NOT_FOUND;
            }
            Object value = additional ? boundSql.getAdditionalParameters().getOrDefault(first, NOT_FOUND)
                    : ((Map<Object, Object>) params).getOrDefault(first, NOT_FOUND);
            for (int k = 0; k < rest.length && value != NOT_FOUND; k++) {
                if (value == null) {
                    return null;
                }
                value = component(value, k);
            }
            return value;
        }

        private Object component(Object value, int k) {
            if (value instanceof Map<?, ?> map) {
                return map.get(rest[k]);
            }
            Accessor a = accessors[k];
            if (a == null || a.type != value.getClass()) {
                MethodHandle h = ACCESSORS.get(value.getClass()).get(rest[k]);
                if (h == null) {
                    return NOT_FOUND;
                }
                accessors[k] = a = new Accessor(value.getClass(), h);
            }
            try {
                return (Object) a.handle.invokeExact(value);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A component accessor for one class; immutable, so threads may race to replace it. */
    private record Accessor(Class<?> type, MethodHandle handle) {
    }

    /** A BoundSql that carries its text's plan to the parameter handler. */
    static final class PlannedBoundSql extends BoundSql {

        final BindingPlan plan;

        PlannedBoundSql(Configuration configuration, String sql, BindingPlan plan, Object parameterObject) {
            super(configuration, sql, plan.mappings, parameterObject);
            this.plan = plan;
        }
    }
}
