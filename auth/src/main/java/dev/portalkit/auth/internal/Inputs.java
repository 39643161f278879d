package dev.portalkit.auth.internal;

import dev.portalkit.core.spi.Validation;
import java.util.regex.Pattern;

/** Checks shared by the auth services. Not API. */
final class Inputs {

    /** A pragmatic address check: one @, a dotted domain, no spaces, quotes, brackets or control characters. */
    private static final Pattern EMAIL = Pattern.compile("(?!.*\\.\\.)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}"
            + "@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    /** Letters, marks, digits, spaces and . ' - _ : enough for names, nothing for markup or SQL. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}\\p{N} .'_-]+");

    private Inputs() {
    }

    static Validation email(Validation v, String field, String email) {
        return v.text(field, email == null ? null : email.strip(), 3, 254, EMAIL,
                "must be an e-mail address such as ann@example.com");
    }

    static Validation displayName(Validation v, String field, String name) {
        return v.text(field, name, 1, 100, NAME, "may hold letters, digits, spaces and . ' - _ only");
    }
}
