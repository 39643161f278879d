package dev.portalkit.content.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalkit.core.spi.Validation;
import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Input checks and normalisation shared by the content services. Not API. */
final class Checks {

    static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final Pattern KEY = Pattern.compile("[a-z0-9]+([_-][a-z0-9]+)*");
    static final Pattern FORM_KEY = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*");
    static final Pattern PROJECT_KEY = Pattern.compile("[A-Za-z0-9]+([._:-][A-Za-z0-9]+)*");

    static final int SLUG_MAX = 100;
    private static final int GENERATED_SLUG_MAX = 80;
    private static final int JSON_MAX_DEPTH = 10;

    private Checks() {
    }

    static Validation url(Validation v, String field, String url) {
        return v.optionalUrl(field, url, 2000);
    }

    static Validation optionalKey(Validation v, String field, String key, int max) {
        if (key == null) {
            return v;
        }
        return v.text(field, key, 1, max, KEY, "may hold lowercase letters, digits, and - or _ between them");
    }

    static Validation slug(Validation v, String field, String slug) {
        return v.text(field, slug, 1, SLUG_MAX, SLUG, "may hold lowercase letters, digits and single hyphens between them");
    }

    static Validation email(Validation v, String field, String email) {
        return v.email(field, email);
    }

    /** Lowercased and stripped, or {@code null} when blank. */
    static String key(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return s.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * A JSON object PostgreSQL can store as jsonb: no NUL anywhere (jsonb refuses {@code \u0000}), no
     * broken UTF-16, limited depth and size.
     */
    static Validation json(Validation v, String field, Map<String, Object> map, ObjectMapper json, int maxKeys, int maxBytes) {
        if (map.size() > maxKeys) {
            return v.fail(field, "must have at most " + maxKeys + " keys");
        }
        String problem = walk(map, 0);
        if (problem != null) {
            return v.fail(field, problem);
        }
        try {
            if (json.writeValueAsBytes(map).length > maxBytes) {
                return v.fail(field, "must be at most " + maxBytes / 1024 + " KB as JSON");
            }
        } catch (JsonProcessingException e) {
            return v.fail(field, "must hold JSON values only (text, numbers, booleans, lists, maps)");
        }
        return v;
    }

    private static String walk(Object value, int depth) {
        if (depth > JSON_MAX_DEPTH) {
            return "must be nested at most " + JSON_MAX_DEPTH + " levels deep";
        }
        if (value instanceof String s) {
            return Validation.clean(s) ? null : "must not contain NUL characters or broken UTF-16";
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    return "must have text keys";
                }
                String p = walk(k, depth + 1);
                if (p == null) {
                    p = walk(e.getValue(), depth + 1);
                }
                if (p != null) {
                    return p;
                }
            }
        }
        if (value instanceof Collection<?> c) {
            for (Object o : c) {
                String p = walk(o, depth + 1);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * A slug from a title: accents dropped, lowercase ASCII letters and digits, hyphens between words,
     * at most 80 characters (room for a -n suffix); {@code card} when nothing is left.
     */
    static String slugOf(String title) {
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String s = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > GENERATED_SLUG_MAX) {
            s = s.substring(0, GENERATED_SLUG_MAX).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "card" : s;
    }
}
