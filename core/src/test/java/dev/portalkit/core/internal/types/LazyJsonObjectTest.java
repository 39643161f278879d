package dev.portalkit.core.internal.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalkit.core.spi.Values;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LazyJsonObjectTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static LazyJsonObject of(String text) {
        return new LazyJsonObject(JSON.readerFor(Map.class), text);
    }

    @Test
    void readsAsTheParsedObjectUnmodifiable() {
        LazyJsonObject o = of("{\"status\": \"PAID\", \"n\": 3, \"tags\": [\"a\"]}");
        assertThat(o).isEqualTo(Map.of("status", "PAID", "n", 3, "tags", List.of("a")));
        assertThat(o.get("n")).isEqualTo(3);
        assertThat(o).containsKeys("status", "tags").hasSize(3);
        assertThat(o.toString()).contains("PAID");
        assertThatThrownBy(() -> o.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> o.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Values.copy(o)).isSameAs(o);
    }

    @Test
    void textThatIsNotJsonFailsWhenFirstUsedNotWhenRead() {
        LazyJsonObject broken = of("{not json");
        assertThatThrownBy(broken::size).isInstanceOf(IllegalStateException.class);
    }
}
