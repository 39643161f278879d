package dev.portalkit.core.spi;

import dev.portalkit.core.ValidationException;
import dev.portalkit.core.ValidationException.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every failing field of one input, then throws them together. Text checks refuse NUL
 * characters and unpaired surrogates, which PostgreSQL cannot store or which are not text.
 *
 * <pre>{@code
 * new Validation()
 *     .text("label", input.label(), 1, 200)
 *     .optionalText("icon", input.icon(), 100)
 *     .check("position", position >= 0, "must be zero or more")
 *     .throwIfInvalid();
 * }</pre>
 */
public final class Validation {

    /** A pragmatic address check: one @, a dotted domain, no spaces, quotes, brackets or control characters. */
    private static final Pattern EMAIL = Pattern.compile("(?!.*\\.\\.)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}"
            + "@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    /** A path on the host's own site or an absolute http(s) URL: never javascript:, data: or the like. */
    private static final Pattern URL = Pattern.compile("(/(?!/)\\S*|https?://[^\\s/?#]+\\S*)");

    private final List<FieldError> errors = new ArrayList<>();

    /** Whether {@code value} is one bare e-mail address of at most 254 characters. */
    public static boolean isEmail(String value) {
        return value != null && value.length() <= 254 && EMAIL.matcher(value).matches();
    }

    /** A required e-mail address (surrounding spaces are the caller's to strip). */
    public Validation email(String field, String value) {
        return text(field, value, 3, 254, EMAIL, "must be an e-mail address such as ann@example.com");
    }

    /** An optional link: a path starting with / or an http(s) URL, without spaces, at most {@code max} characters. */
    public Validation optionalUrl(String field, String value, int max) {
        if (value == null) {
            return this;
        }
        int before = errors.size();
        optionalText(field, value, max);
        if (errors.size() == before && !URL.matcher(value).matches()) {
            fail(field, "must be a path starting with / or an http(s) URL, without spaces");
        }
        return this;
    }

    /** Required text of {@code min} to {@code max} characters (code points), not blank. */
    public Validation text(String field, String value, int min, int max) {
        if (value == null || value.isBlank()) {
            return fail(field, "is required");
        }
        return bounded(field, value, min, max);
    }

    /** Required text of {@code min} to {@code max} characters that must also match {@code allowed}. */
    public Validation text(String field, String value, int min, int max, Pattern allowed, String message) {
        int before = errors.size();
        text(field, value, min, max);
        if (errors.size() == before && !allowed.matcher(value).matches()) {
            fail(field, message);
        }
        return this;
    }

    /** Text that may be {@code null}, at most {@code max} characters. */
    public Validation optionalText(String field, String value, int max) {
        return value == null ? this : bounded(field, value, 0, max);
    }

    /** The range every PortalKit instant must fall in: timestamptz holds more, arithmetic near the ends overflows. */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** A required instant between {@link #EARLIEST} and {@link #LATEST}. */
    public Validation instant(String field, Instant value) {
        if (value == null) {
            return fail(field, "is required");
        }
        return check(field, !value.isBefore(EARLIEST) && !value.isAfter(LATEST), "must be between years 1900 and 9999");
    }

    /** How deep JSON containers may nest; the outermost object is level 1. */
    public static final int JSON_MAX_DEPTH = 20;
    /** How many keys and values one JSON value may hold in total. */
    public static final int JSON_MAX_NODES = 10_000;
    /** How many characters its keys and strings may hold in total (64 Ki). */
    public static final int JSON_MAX_TEXT = 64 * 1024;

    /**
     * A JSON object PortalKit can store as {@code jsonb} and read back as it was given; {@code null}
     * passes (it means "none"). The one JSON check of every module, see {@link #jsonProblem}.
     */
    public Validation json(String field, java.util.Map<String, ?> value) {
        String problem = jsonProblem(value);
        return problem == null ? this : fail(field, problem);
    }

    /**
     * Why {@code value} cannot be stored as JSON and read back as it was, or {@code null} when it can:
     * only text, booleans, integers, finite floating-point numbers (not -0.0), {@code null}, lists and maps with
     * text keys; no NUL character or broken UTF-16 in a key or string; nested at most
     * {@link #JSON_MAX_DEPTH} deep, at most {@link #JSON_MAX_NODES} keys and values and
     * {@link #JSON_MAX_TEXT} characters of text. Never recurses deeper than the depth limit, so a
     * value nested 10,000 deep (or one that contains itself) is refused, not a stack overflow.
     */
    public static String jsonProblem(Object value) {
        return new JsonCheck().problem(value, 1);
    }

    /** One walk over a JSON value, counting what the limits count. */
    private static final class JsonCheck {
        private int nodes;
        private long text;

        String problem(Object v, int depth) {
            if (++nodes > JSON_MAX_NODES) {
                return "must hold at most " + JSON_MAX_NODES + " keys and values";
            }
            if (v == null || v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
                    || v instanceof Byte || v instanceof java.math.BigInteger) {
                return null;
            }
            if (v instanceof String s) {
                return text(s);
            }
            if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue();
                if (!Double.isFinite(d)) {
                    return "must not hold NaN or infinite numbers (JSON has none)";
                }
                // PostgreSQL's numeric has no negative zero: -0.0 would read back as 0.0.
                return d == 0 && 1 / d < 0 ? "must not hold -0.0 (it would read back as 0.0)" : null;
            }
            if (v instanceof java.math.BigDecimal b) {
                // Stored exactly, but read back as a double: refuse what a double cannot hold.
                double d = b.doubleValue();
                return Double.isFinite(d) && new java.math.BigDecimal(Double.toString(d)).compareTo(b) == 0 ? null
                        : "must not hold decimals a double cannot represent exactly";
            }
            if (v instanceof java.util.Map<?, ?> || v instanceof java.util.List<?>) {
                if (depth > JSON_MAX_DEPTH) {
                    return "must be nested at most " + JSON_MAX_DEPTH + " levels deep";
                }
                return v instanceof java.util.Map<?, ?> m ? map(m, depth) : list((java.util.List<?>) v, depth);
            }
            return "must hold JSON values only (text, numbers, booleans, null, lists and maps), not "
                    + v.getClass().getSimpleName();
        }

        private String map(java.util.Map<?, ?> m, int depth) {
            for (java.util.Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    return "must have text keys";
                }
                String p = text(k);
                if (p == null) {
                    p = problem(e.getValue(), depth + 1);
                }
                if (p != null) {
                    return p;
                }
            }
            return null;
        }

        private String list(java.util.List<?> l, int depth) {
            for (Object item : l) {
                String p = problem(item, depth + 1);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }

        private String text(String s) {
            text += s.length();
            if (text > JSON_MAX_TEXT) {
                return "must hold at most " + JSON_MAX_TEXT + " characters of text";
            }
            return clean(s) ? null : "must not contain NUL characters or broken UTF-16";
        }
    }

    public Validation notNull(String field, Object value) {
        return value == null ? fail(field, "is required") : this;
    }

    public Validation check(String field, boolean ok, String message) {
        return ok ? this : fail(field, message);
    }

    public Validation fail(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private Validation bounded(String field, String value, int min, int max) {
        // Length first: a 10 MB string is refused without scanning it for anything else.
        if (value.length() > 2 * max) {
            return fail(field, "must be at most " + max + " characters");
        }
        int n = value.codePointCount(0, value.length());
        if (n < min) {
            return fail(field, "must be at least " + min + " characters");
        }
        if (n > max) {
            return fail(field, "must be at most " + max + " characters");
        }
        if (!clean(value)) {
            return fail(field, "must not contain NUL characters or broken UTF-16");
        }
        return this;
    }

    /** Whether PostgreSQL can store the text as it is: no NUL, no unpaired surrogate. */
    public static boolean clean(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
