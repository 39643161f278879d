package dev.portalkit.content.internal;

import dev.portalkit.core.spi.Validation;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** Input checks and normalisation shared by the content services, and the audit rows' change maps. Not API. */
final class Checks {

    static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final Pattern KEY = Pattern.compile("[a-z0-9]+([_-][a-z0-9]+)*");
    static final Pattern FORM_KEY = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*");
    static final Pattern PROJECT_KEY = Pattern.compile("[A-Za-z0-9]+([._:-][A-Za-z0-9]+)*");

    static final int SLUG_MAX = 100;
    private static final int GENERATED_SLUG_MAX = 80;

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

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Keeps only the keys whose values differ, so an audit row shows the change. */
    static void changedOnly(Map<String, Object> before, Map<String, Object> after) {
        for (String k : new ArrayList<>(before.keySet())) {
            if (Objects.equals(before.get(k), after.get(k))) {
                before.remove(k);
                after.remove(k);
            }
        }
    }

    /** Lowercased and stripped, or {@code null} when blank. */
    static String key(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return s.strip().toLowerCase(Locale.ROOT);
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
