package dev.portalkit.core.spi;

import dev.portalkit.core.internal.types.LazyJsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers for value records. */
public final class Values {

    private Values() {
    }

    /**
     * An unmodifiable copy that keeps null elements, so that validation, not the record's
     * constructor, reports them; {@code null} becomes an empty list.
     */
    public static <T> List<T> copy(List<T> list) {
        return list == null || list.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /**
     * An unmodifiable copy that keeps insertion order and null values (JSON null is a value);
     * {@code null} becomes an empty map.
     */
    public static Map<String, Object> copy(Map<String, ?> map) {
        if (map instanceof LazyJsonObject json) {
            return json; // read from the database, unmodifiable, parsed when first used
        }
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
