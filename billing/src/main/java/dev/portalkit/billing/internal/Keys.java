package dev.portalkit.billing.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.portalkit.core.spi.Validation;
import java.util.List;
import java.util.Map;

/** Idempotency keys: the rule for a caller's key, and the JSON of plans and results kept with it. Not API. */
final class Keys {

    /**
     * Prefixes of the keys PortalKit derives for its own charges and refunds ({@code subscribe:{key}},
     * {@code renewal:{subscription}:{period}}, ...): a caller's key starting with one could take a
     * renewal's key, or be mistaken for a subscription's charge.
     */
    static final List<String> RESERVED = List.of("subscribe:", "change:", "reactivate:", "renewal:", "compensation:");

    /** Plans and results as JSON objects: records by component, instants as ISO-8601 text (nanoseconds kept). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Keys() {
    }

    /** A caller's key: 1 to {@code max} characters of text, not starting with a {@link #RESERVED} prefix. */
    static Validation check(Validation v, String field, String key, int max) {
        boolean valid = new Validation().text(field, key, 1, max).valid();
        v.text(field, key, 1, max);
        if (valid) {
            for (String prefix : RESERVED) {
                if (key.startsWith(prefix)) {
                    return v.fail(field, "must not start with " + prefix + " (PortalKit's own keys start so)");
                }
            }
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(Object value) {
        return value == null ? null : JSON.convertValue(value, Map.class);
    }

    static <T> T read(Map<String, Object> json, Class<T> type) {
        return JSON.convertValue(json, type);
    }
}
