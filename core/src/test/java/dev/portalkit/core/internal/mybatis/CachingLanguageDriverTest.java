package dev.portalkit.core.internal.mybatis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ibatis.binding.MapperMethod.ParamMap;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.mapping.SqlSource;
import org.apache.ibatis.scripting.xmltags.XMLLanguageDriver;
import org.apache.ibatis.session.Configuration;
import org.junit.jupiter.api.Test;

class CachingLanguageDriverTest {

    public record Item(UUID id, String name) {
    }

    private static final String SCRIPT = "<script>SELECT * FROM t WHERE a = #{a}"
            + "<if test=\"b != null\"> AND b = #{b}</if>"
            + "<foreach collection=\"items\" item=\"i\" open=\" AND (\" separator=\" OR \" close=\")\">"
            + "id = #{i.id} AND name = #{i.name}</foreach></script>";

    private static ParamMap<Object> params(Object a, Object b, List<?> items) {
        ParamMap<Object> p = new ParamMap<>();
        p.put("a", a);
        p.put("b", b);
        p.put("items", items);
        return p;
    }

    private static List<String> shape(BoundSql bound) {
        return bound.getParameterMappings().stream()
                .map((ParameterMapping m) -> m.getProperty() + ":" + m.getJavaType().getSimpleName() + ":"
                        + m.getTypeHandler().getClass().getSimpleName())
                .toList();
    }

    @Test
    void aGeneratedTextIsParsedOnceAndBindsAsMyBatisWould() {
        Configuration c = new Configuration();
        c.getTypeHandlerRegistry().register(UUID.class, new dev.portalkit.core.internal.types.UuidTypeHandler());
        SqlSource cached = new CachingLanguageDriver().createSqlSource(c, SCRIPT, Object.class);
        SqlSource plain = new XMLLanguageDriver().createSqlSource(c, SCRIPT, Object.class);
        List<Item> two = List.of(new Item(UUID.randomUUID(), "x"), new Item(UUID.randomUUID(), "y"));

        for (ParamMap<Object> p : List.of(params(1, "b", two), params(2, "c", two), params(3, null, List.of(two.get(0))))) {
            BoundSql mine = cached.getBoundSql(p);
            BoundSql theirs = plain.getBoundSql(p);
            assertThat(mine.getSql()).isEqualTo(theirs.getSql());
            assertThat(shape(mine)).isEqualTo(shape(theirs));
            for (ParameterMapping m : mine.getParameterMappings()) {
                String name = m.getProperty();
                Object value = mine.hasAdditionalParameter(name) ? mine.getAdditionalParameter(name) : p.get(name);
                Object expected = theirs.hasAdditionalParameter(name) ? theirs.getAdditionalParameter(name) : p.get(name);
                assertThat(value).as(name).isEqualTo(expected);
            }
        }
        // Two texts (with and without "b", with two items and with one), the first reused.
        assertThat(CachingLanguageDriver.textsKept(cached)).isEqualTo(2);
    }

    @Test
    void aStatementBindingAMapKeepsMyBatisWay() {
        Configuration c = new Configuration();
        SqlSource cached = new CachingLanguageDriver().createSqlSource(c, "<script><foreach collection=\"items\" item=\"m\">"
                + "#{m.k}</foreach></script>", Object.class);
        ParamMap<Object> p = new ParamMap<>();
        p.put("items", List.of(Map.of("k", 1)));
        assertThat(cached.getBoundSql(p).getSql()).contains("?");
        assertThat(CachingLanguageDriver.textsKept(cached)).isZero();
    }

    @Test
    void aStaticStatementIsLeftToMyBatis() {
        SqlSource s = new CachingLanguageDriver().createSqlSource(new Configuration(), "<script>SELECT 1</script>", Object.class);
        assertThat(CachingLanguageDriver.textsKept(s)).isEqualTo(-1);
    }
}
