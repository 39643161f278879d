package dev.portalkit.core.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ResultFlag;
import org.apache.ibatis.mapping.ResultMap;
import org.apache.ibatis.mapping.ResultMapping;
import org.apache.ibatis.reflection.factory.DefaultObjectFactory;
import org.apache.ibatis.session.Configuration;

/**
 * A MyBatis configuration that reads records through an explicit constructor result map, built once
 * per statement when the mapper is loaded.
 *
 * <p>A statement declared with {@code resultType="SomeRecord"} would otherwise go through MyBatis'
 * name-based constructor auto-mapping, which redoes its work for every row: it reads the
 * constructor's parameters and their annotations (a lock shared by all threads) and compares every
 * parameter with every column. Here each component {@code fooBar} maps to the column
 * {@code foo_bar} with the type handler its type has when the configuration is built; a statement
 * whose record has a component without a type handler keeps MyBatis' own mapping.
 */
final class RecordMappingConfiguration extends Configuration {

    RecordMappingConfiguration(Environment environment) {
        super(environment);
        setObjectFactory(new RecordObjectFactory());
    }

    @Override
    public void addMappedStatement(MappedStatement ms) {
        super.addMappedStatement(withRecordResultMap(ms));
    }

    private MappedStatement withRecordResultMap(MappedStatement ms) {
        List<ResultMap> maps = ms.getResultMaps();
        if (maps.size() != 1) {
            return ms;
        }
        ResultMap inline = maps.get(0);
        Class<?> type = inline.getType();
        if (!type.isRecord() || !inline.getResultMappings().isEmpty() || getTypeHandlerRegistry().hasTypeHandler(type)) {
            return ms;
        }
        List<ResultMapping> args = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (!getTypeHandlerRegistry().hasTypeHandler(c.getType())) {
                return ms;
            }
            args.add(new ResultMapping.Builder(this, c.getName(), column(c.getName()), c.getType())
                    .flags(List.of(ResultFlag.CONSTRUCTOR))
                    .build());
        }
        ResultMap map = new ResultMap.Builder(this, inline.getId(), type, args, inline.getAutoMapping()).build();
        MappedStatement.Builder b = new MappedStatement.Builder(this, ms.getId(), ms.getSqlSource(), ms.getSqlCommandType())
                .resource(ms.getResource())
                .fetchSize(ms.getFetchSize())
                .timeout(ms.getTimeout())
                .statementType(ms.getStatementType())
                .resultSetType(ms.getResultSetType())
                .parameterMap(ms.getParameterMap())
                .resultMaps(List.of(map))
                .cache(ms.getCache())
                .flushCacheRequired(ms.isFlushCacheRequired())
                .useCache(ms.isUseCache())
                .resultOrdered(ms.isResultOrdered())
                .keyGenerator(ms.getKeyGenerator())
                .keyProperty(join(ms.getKeyProperties()))
                .keyColumn(join(ms.getKeyColumns()))
                .databaseId(ms.getDatabaseId())
                .lang(ms.getLang())
                .resultSets(join(ms.getResultSets()))
                .dirtySelect(ms.isDirtySelect());
        return b.build();
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

    private static String join(String[] parts) {
        return parts == null ? null : String.join(",", parts);
    }

    /** Creates public records through their canonical constructor, looked up once per record type. */
    private static final class RecordObjectFactory extends DefaultObjectFactory {

        private static final long serialVersionUID = 1L;

        private static final ClassValue<Constructor<?>> CANONICAL = new ClassValue<>() {
            @Override
            protected Constructor<?> computeValue(Class<?> type) {
                if (!type.isRecord() || !Modifier.isPublic(type.getModifiers())) {
                    return null;
                }
                Class<?>[] types = new Class<?>[type.getRecordComponents().length];
                for (int i = 0; i < types.length; i++) {
                    types[i] = type.getRecordComponents()[i].getType();
                }
                try {
                    Constructor<?> c = type.getDeclaredConstructor(types);
                    return Modifier.isPublic(c.getModifiers()) ? c : null;
                } catch (NoSuchMethodException e) {
                    return null;
                }
            }
        };

        @Override
        public <T> T create(Class<T> type, List<Class<?>> argTypes, List<Object> args) {
            Constructor<?> c = args == null ? null : CANONICAL.get(type);
            if (c == null || c.getParameterCount() != args.size()) {
                return super.create(type, argTypes, args);
            }
            try {
                return type.cast(c.newInstance(args.toArray()));
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                // Same path as MyBatis' own factory, whose error names the type and the arguments.
                return super.create(type, argTypes, args);
            }
        }
    }
}
