package dev.portalkit.messaging.internal;

import dev.portalkit.core.spi.Validation;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** E-mail address checks. Not API. */
public final class Addresses {

    /** {@code Display Name <address>}; the name without quotes, angle brackets or line breaks. */
    private static final Pattern NAMED = Pattern.compile("([^\"<>\\r\\n]{0,100})<([^<>]+)>");

    private Addresses() {
    }

    /** Whether {@code s} is one bare address. */
    public static boolean valid(String s) {
        return Validation.isEmail(s); // the same check as every module
    }

    /** The address of {@code address} or {@code Name <address>}, or {@code null} if it is neither. */
    public static String bare(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        if (valid(t)) {
            return t;
        }
        Matcher m = NAMED.matcher(t);
        return m.matches() && valid(m.group(2).strip()) ? m.group(2).strip() : null;
    }
}
