package dev.portalkit.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one JSON rule every module applies to what it stores as jsonb (Validation.jsonProblem). */
class JsonRuleTest {

    @Test
    void plainJsonValuesPass() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "héllo 😀");
        m.put("int", 1);
        m.put("long", Long.MAX_VALUE);
        m.put("big", new BigInteger("123456789012345678901234567890"));
        m.put("double", 0.1);
        m.put("decimal", new BigDecimal("2.5"));
        m.put("bool", true);
        m.put("null", null);
        m.put("list", List.of(1, "x", Map.of("b", false)));
        assertThat(Validation.jsonProblem(m)).isNull();
        assertThat(Validation.jsonProblem(null)).isNull();
    }

    @Test
    void nonFiniteNumbersAreRefusedWherever() {
        for (Object bad : List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.NaN,
                Float.NEGATIVE_INFINITY)) {
            assertThat(Validation.jsonProblem(Map.of("a", bad))).as("%s at the top", bad).contains("NaN");
            assertThat(Validation.jsonProblem(Map.of("a", List.of(Map.of("b", bad))))).as("%s nested", bad).contains("NaN");
        }
    }

    @Test
    void negativeZeroIsRefusedSinceNumericHasNone() {
        assertThat(Validation.jsonProblem(Map.of("z", -0.0))).contains("-0.0");
        assertThat(Validation.jsonProblem(Map.of("z", -0.0f))).contains("-0.0");
        assertThat(Validation.jsonProblem(Map.of("z", 0.0))).isNull();
    }

    @Test
    void brokenTextIsRefusedInKeysAndValues() {
        for (String bad : List.of("\uD800", "a\uDC00b", "x\uD83D", "nul\0")) {
            assertThat(Validation.jsonProblem(Map.of("a", bad))).as("value %s", bad).contains("UTF-16");
            assertThat(Validation.jsonProblem(Map.of(bad, 1))).as("key %s", bad).contains("UTF-16");
            assertThat(Validation.jsonProblem(Map.of("a", List.of(List.of(bad))))).as("deep %s", bad).contains("UTF-16");
        }
    }

    @Test
    void whatWouldNotReadBackAsGivenIsRefused() {
        assertThat(Validation.jsonProblem(Map.of("id", UUID.randomUUID()))).contains("JSON values only");
        assertThat(Validation.jsonProblem(Map.of("at", Instant.EPOCH))).contains("JSON values only");
        assertThat(Validation.jsonProblem(Map.of("o", new Object()))).contains("JSON values only");
        assertThat(Validation.jsonProblem(Map.of("d", new BigDecimal("0.1234567890123456789012345")))).contains("double");
        assertThat(Validation.jsonProblem(Map.of("d", new BigDecimal("1e400")))).contains("double");
        Map<Object, Object> numericKeys = new HashMap<>();
        numericKeys.put(1, "x");
        assertThat(Validation.jsonProblem(Map.of("m", numericKeys))).contains("text keys");
    }

    @Test
    void nestingIsLimitedWithoutRecursingIntoTheDepth() {
        assertThat(Validation.jsonProblem(nested(Validation.JSON_MAX_DEPTH))).isNull();
        assertThat(Validation.jsonProblem(nested(Validation.JSON_MAX_DEPTH + 1))).contains("nested at most 20");
        // 10,000 levels: refused at level 21, no StackOverflowError.
        assertThat(Validation.jsonProblem(nested(10_000))).contains("nested at most 20");
        Map<String, Object> self = new HashMap<>();
        self.put("self", self);
        assertThat(Validation.jsonProblem(self)).contains("nested at most 20");
        List<Object> selfList = new ArrayList<>();
        selfList.add(selfList);
        assertThat(Validation.jsonProblem(Map.of("l", selfList))).contains("nested at most 20");
    }

    @Test
    void sizeIsLimitedByValuesAndText() {
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < Validation.JSON_MAX_NODES; i++) {
            many.add(i);
        }
        assertThat(Validation.jsonProblem(Map.of("l", many))).contains("at most 10000 keys and values");
        assertThat(Validation.jsonProblem(Map.of("l", many.subList(0, Validation.JSON_MAX_NODES - 2)))).isNull();
        assertThat(Validation.jsonProblem(Map.of("t", "x".repeat(Validation.JSON_MAX_TEXT - 1)))).isNull();
        assertThat(Validation.jsonProblem(Map.of("t", "x".repeat(Validation.JSON_MAX_TEXT + 1)))).contains("characters of text");
    }

    @Test
    void theFieldIsNamed() {
        Validation v = new Validation().json("metadata", Map.of("a", Double.NaN));
        assertThat(v.valid()).isFalse();
    }

    /** A map nested {@code levels} deep, the outermost being level 1. */
    private static Map<String, Object> nested(int levels) {
        Map<String, Object> inner = new HashMap<>();
        for (int i = 1; i < levels; i++) {
            Map<String, Object> outer = new HashMap<>();
            outer.put("x", inner);
            inner = outer;
        }
        return inner;
    }
}
