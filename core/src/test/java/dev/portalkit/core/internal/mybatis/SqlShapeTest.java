package dev.portalkit.core.internal.mybatis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.internal.types.UuidTypeHandler;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.ibatis.binding.MapperMethod.ParamMap;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.SqlCommandType;
import org.apache.ibatis.mapping.SqlSource;
import org.apache.ibatis.scripting.defaults.DefaultParameterHandler;
import org.apache.ibatis.scripting.xmltags.XMLLanguageDriver;
import org.apache.ibatis.session.Configuration;
import org.junit.jupiter.api.Test;

/**
 * Texts kept by shape, and values read by binding plans, against MyBatis' own walk and parameter
 * handler on the same parameters: a stale text or a stale accessor shows as a difference.
 */
class SqlShapeTest {

    public record Item(UUID id, String name, List<String> tags) {
    }

    public record Named(String name) {
    }

    /** Another class with a component of the same name, for the accessor cache. */
    public record Other(String name, int size) {
    }

    /** Not public (as modules' internal parameter records are): read through its accessor, made accessible. */
    record Hidden(String name) {
    }

    /** Every tag whose output decides the text: if on nulls, choose, foreach sizes (nested), bind, where, trim. */
    private static final String SCRIPT = "<script>SELECT * FROM t"
            + "<where><if test=\"a != null\">a = #{a}</if><if test=\"b != null\"> AND b = #{b}</if></where>"
            + "<choose><when test=\"mode == 'xx'\"> AND x = #{e.name}</when><when test=\"mode == 'yy'\"> AND y IS NULL</when>"
            + "<otherwise> AND z = #{a}</otherwise></choose>"
            + "<bind name=\"pattern\" value=\"'%' + q + '%'\"/> AND q LIKE #{pattern}"
            + "<foreach collection=\"items\" item=\"i\" index=\"n\" open=\" AND (\" separator=\" OR \" close=\")\">"
            + "(id = #{i.id} AND n = #{n}<if test=\"i.name != null\"> AND name = #{i.name}</if>"
            + "<foreach collection=\"i.tags\" item=\"tag\" open=\" AND tag IN (\" separator=\",\" close=\")\">#{tag}</foreach>)"
            + "</foreach>"
            + "<trim prefix=\" ORDER BY\" prefixOverrides=\",\"><if test=\"sortA\">, a</if><if test=\"sortB\">, b</if></trim>"
            + "</script>";

    private static Configuration configuration() {
        Configuration c = new Configuration();
        c.getTypeHandlerRegistry().register(UUID.class, new UuidTypeHandler());
        return c;
    }

    private static ParamMap<Object> random(Random r) {
        ParamMap<Object> p = new ParamMap<>();
        p.put("a", r.nextBoolean() ? null : r.nextInt(3));
        p.put("b", r.nextBoolean() ? null : "b" + r.nextInt(3));
        p.put("mode", List.of("xx", "yy", "ww").get(r.nextInt(3)));
        Object[] es = {new Named("n" + r.nextInt(3)), new Other("o", 2), new Hidden("h"), Map.of("name", "m"), null};
        p.put("e", es[r.nextInt(es.length)]);
        p.put("q", "q" + r.nextInt(2));
        List<Item> items = new ArrayList<>();
        for (int k = r.nextInt(4); k > 0; k--) {
            List<String> tags = new ArrayList<>();
            for (int t = r.nextInt(3); t > 0; t--) {
                tags.add("t" + r.nextInt(5));
            }
            items.add(new Item(UUID.randomUUID(), r.nextBoolean() ? null : "i" + r.nextInt(3), tags));
        }
        p.put("items", items);
        p.put("sortA", r.nextBoolean());
        p.put("sortB", r.nextBoolean());
        return p;
    }

    /** Every set* call a handler makes, as text. */
    private static List<String> bound(MappedStatement ms, BoundSql sql, Object params, boolean ours) {
        List<String> calls = new ArrayList<>();
        PreparedStatement ps = (PreparedStatement) Proxy.newProxyInstance(getClass0(), new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                    calls.add(method.getName() + Arrays.deepToString(args));
                    return null;
                });
        if (ours) {
            new RecordParameterHandler(ms, params, sql).setParameters(ps);
        } else {
            new DefaultParameterHandler(ms, params, sql).setParameters(ps);
        }
        return calls;
    }

    private static ClassLoader getClass0() {
        return SqlShapeTest.class.getClassLoader();
    }

    private static void sameAsMyBatis(Configuration c, String script, List<ParamMap<Object>> calls) {
        SqlSource cached = new CachingLanguageDriver().createSqlSource(c, script, Object.class);
        SqlSource plain = new XMLLanguageDriver().createSqlSource(c, script, Object.class);
        MappedStatement ms = new MappedStatement.Builder(c, "s" + script.hashCode(), cached, SqlCommandType.SELECT).build();
        for (int n = 0; n < calls.size(); n++) {
            ParamMap<Object> p = calls.get(n);
            BoundSql mine = cached.getBoundSql(p);
            BoundSql theirs = plain.getBoundSql(p);
            String where = "call " + n + " with " + p;
            assertThat(mine.getSql()).as(where).isEqualTo(theirs.getSql());
            assertThat(bound(ms, mine, p, true)).as(where).isEqualTo(bound(ms, theirs, p, false));
        }
    }

    @Test
    void everyShapeGivesMyBatisTextAndValuesInAnyOrder() {
        Configuration c = configuration();
        Random r = new Random(17);
        List<ParamMap<Object>> calls = new ArrayList<>();
        for (int n = 0; n < 600; n++) {
            calls.add(random(r));
        }
        sameAsMyBatis(c, SCRIPT, calls);
        SqlSource s = new CachingLanguageDriver().createSqlSource(c, SCRIPT, Object.class);
        Set<String> texts = new HashSet<>();
        for (ParamMap<Object> p : calls) {
            texts.add(s.getBoundSql(p).getSql());
        }
        assertThat(CachingLanguageDriver.shaped(s)).as("the shape walk mirrored MyBatis' bindings every time").isTrue();
        assertThat(CachingLanguageDriver.textsKept(s)).isGreaterThanOrEqualTo(Math.min(texts.size(), 256));
    }

    @Test
    void aListGrowingByOneChangesTheTextEachTime() {
        Configuration c = configuration();
        String script = "<script>SELECT 1 WHERE id IN (0<foreach collection=\"ids\" item=\"x\">, #{x}</foreach>)</script>";
        List<ParamMap<Object>> calls = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            ParamMap<Object> p = new ParamMap<>();
            p.put("ids", List.copyOf(ids));
            calls.add(p);
            ids.add(UUID.randomUUID());
        }
        List<ParamMap<Object>> back = new ArrayList<>(calls);
        java.util.Collections.reverse(back);
        calls.addAll(back);
        sameAsMyBatis(c, script, calls);
    }

    @Test
    void aValueThatIsNullOnlySometimesKeepsItsTextApart() {
        Configuration c = configuration();
        String script = "<script>SELECT 1<if test=\"e.name == null\"> WHERE name IS NULL</if>"
                + "<if test=\"e.name != null\"> WHERE name = #{e.name}</if></script>";
        List<ParamMap<Object>> calls = new ArrayList<>();
        for (String name : Arrays.asList("a", null, null, "b", null)) {
            ParamMap<Object> p = new ParamMap<>();
            p.put("e", new Named(name));
            calls.add(p);
        }
        sameAsMyBatis(c, script, calls);
    }

    @Test
    void aRunTimeSubstitutionComparesWholeTexts() {
        Configuration c = configuration();
        String script = "<script>SELECT ${col} FROM t<if test=\"a != null\"> WHERE a = #{a}</if></script>";
        List<ParamMap<Object>> calls = new ArrayList<>();
        for (String col : List.of("a", "b", "a")) {
            ParamMap<Object> p = new ParamMap<>();
            p.put("col", col);
            p.put("a", col.equals("b") ? null : 1);
            calls.add(p);
        }
        sameAsMyBatis(c, script, calls);
        assertThat(CachingLanguageDriver.shaped(new CachingLanguageDriver().createSqlSource(c, script, Object.class))).isFalse();
    }

    @Test
    void aStaticStatementBindsAsMyBatisWould() {
        Configuration c = configuration();
        String script = "<script>SELECT #{e.name}, #{a}, #{m.k}</script>";
        List<ParamMap<Object>> calls = new ArrayList<>();
        for (Object e : Arrays.asList(new Named("x"), new Other("y", 1), new Hidden("z"), null, new Named(null))) {
            ParamMap<Object> p = new ParamMap<>();
            p.put("e", e);
            p.put("a", UUID.randomUUID());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("k", e == null ? null : 7);
            p.put("m", m);
            calls.add(p);
        }
        sameAsMyBatis(c, script, calls);
    }
}
