package dev.portalkit.messaging.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** BCP 47 tags and fallback chains. Not API. */
public final class Locales {

    private static final Pattern INPUT = Pattern.compile("(?i)[a-z]{2,3}(-[a-z0-9]{2,8})*");
    private static final Pattern TAG = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    private Locales() {
    }

    /** Normalized tags by input: a pure function, asked on every queue call with one of a few tags. */
    private static final Map<String, String> NORMALIZED = new ConcurrentHashMap<>();
    private static final int MAX_NORMALIZED = 256;

    /** The canonical form of a tag ({@code de_at} and {@code DE-at} give {@code de-AT}), or {@code null} if it is none. */
    public static String normalize(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            return null;
        }
        String known = NORMALIZED.get(tag);
        if (known != null) {
            return known;
        }
        String canonical = canonical(tag);
        if (canonical != null) { // inputs that are no tag are not kept: they fail the call anyway
            if (NORMALIZED.size() >= MAX_NORMALIZED) {
                NORMALIZED.clear();
            }
            NORMALIZED.put(tag, canonical);
        }
        return canonical;
    }

    private static String canonical(String tag) {
        String raw = tag.strip().replace('_', '-');
        // forLanguageTag drops what it cannot parse ("xx-!!" gives "xx"): check the input first.
        if (!INPUT.matcher(raw).matches()) {
            return null;
        }
        String canonical = Locale.forLanguageTag(raw).toLanguageTag();
        return TAG.matcher(canonical).matches() && !canonical.equals("und") ? canonical : null;
    }

    /** {@code de-AT} with default {@code en}: {@code [de-AT, de, en]}. */
    static List<String> chain(String tag, String defaultLocale) {
        List<String> out = new ArrayList<>();
        String t = tag;
        while (t != null && !t.isEmpty()) {
            if (!out.contains(t)) {
                out.add(t);
            }
            int dash = t.lastIndexOf('-');
            t = dash < 0 ? null : t.substring(0, dash);
        }
        if (!out.contains(defaultLocale)) {
            out.add(defaultLocale);
        }
        return out;
    }
}
