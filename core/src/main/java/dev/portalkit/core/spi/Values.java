package dev.portalkit.core.spi;

import dev.portalkit.core.internal.types.LazyJsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    /**
     * {@code value} as a {@code timestamptz} column will hold it: rounded to the microsecond, half up,
     * as pgjdbc sends it. Validate this, not the caller's instant: a 1 ns interval is empty once stored.
     */
    public static Instant stored(Instant value) {
        if (value == null) {
            return null;
        }
        Instant micros = value.truncatedTo(ChronoUnit.MICROS);
        boolean roundUp = value.getNano() % 1_000 >= 500 && value.getEpochSecond() < Instant.MAX.getEpochSecond();
        return roundUp ? micros.plus(1, ChronoUnit.MICROS) : micros;
    }
}
