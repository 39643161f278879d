package dev.portalkit.core.internal.types;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * An unmodifiable JSON object read from a {@code jsonb} column, parsed on first use: a page of
 * audit rows carries three objects per row, which callers listing rows often never open.
 */
public final class LazyJsonObject extends AbstractMap<String, Object> {

    private final ObjectReader reader;
    private final String text;
    private volatile Map<String, Object> parsed;

    LazyJsonObject(ObjectReader reader, String text) {
        this.reader = reader;
        this.text = text;
    }

    private Map<String, Object> map() {
        Map<String, Object> m = parsed;
        if (m == null) {
            try {
                m = Collections.unmodifiableMap(reader.readValue(text));
            } catch (JsonProcessingException e) {
                // jsonb only ever holds valid JSON: this is a broken invariant, not bad input.
                throw new IllegalStateException("Stored JSON cannot be read as an object", e);
            }
            parsed = m;
        }
        return m;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return map().entrySet();
    }

    @Override
    public Object get(Object key) {
        return map().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return map().containsKey(key);
    }

    @Override
    public int size() {
        return map().size();
    }

    @Override
    public Set<String> keySet() {
        return map().keySet();
    }

    @Override
    public Collection<Object> values() {
        return map().values();
    }
}
