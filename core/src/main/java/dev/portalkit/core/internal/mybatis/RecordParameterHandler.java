package dev.portalkit.core.internal.mybatis;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import org.apache.ibatis.executor.ErrorContext;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.reflection.MetaObject;
import org.apache.ibatis.scripting.defaults.DefaultParameterHandler;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.type.TypeException;

/**
 * MyBatis' parameter handler, reading {@code #{e.templateId}} from a record through its accessor
 * instead of a new reflective meta-object walk per parameter, and following the text's
 * {@link BindingPlan} (made once per parsed text) instead of re-parsing each path on every
 * execution. Anything but a path of map keys and public record components (indexes, beans) goes
 * MyBatis' way, which also names a missing parameter.
 */
final class RecordParameterHandler extends DefaultParameterHandler {

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
    @SuppressWarnings("unchecked")
    public void setParameters(PreparedStatement ps) {
        if (!(parameterObject instanceof Map<?, ?> params)) {
            super.setParameters(ps);
            return;
        }
        Map<String, Object> extra = boundSql.getAdditionalParameters();
        BindingPlan plan = boundSql instanceof BindingPlan.PlannedBoundSql p ? p.plan : null;
        if (plan == null || plan.mappings != boundSql.getParameterMappings() || plan.additionalCount != extra.size()) {
            // a BoundSql made elsewhere (MyBatis' own sources, a key generator): planned for this call only
            plan = BindingPlan.of(configuration, boundSql.getParameterMappings(), extra.keySet());
        }
        Class<?> type = parameterObject.getClass();
        if (plan.mapType != type) {
            if (configuration.getTypeHandlerRegistry().hasTypeHandler(type)) {
                super.setParameters(ps);
                return;
            }
            plan.mapType = type;
        }
        ErrorContext.instance().activity("setting parameters").object(ms.getParameterMap().getId());
        MetaObject meta = null;
        BindingPlan.Step[] steps = plan.steps;
        for (int i = 0; i < steps.length; i++) {
            BindingPlan.Step s = steps[i];
            if (s.out) {
                continue;
            }
            Object value = s.read(params, boundSql);
            if (value == BindingPlan.NOT_FOUND) {
                if (s.additional) {
                    value = boundSql.getAdditionalParameter(s.property);
                } else {
                    meta = meta == null ? configuration.newMetaObject(parameterObject) : meta;
                    value = meta.getValue(s.property);
                }
            }
            try {
                s.handler.setParameter(ps, i + 1, value, value == null ? s.jdbcTypeForNull : s.jdbcType);
            } catch (TypeException | SQLException e) {
                throw new TypeException("Could not set parameters for mapping: " + s.mapping + ". Cause: " + e, e);
            }
        }
    }
}
