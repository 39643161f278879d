package dev.portalkit.auth.internal;

import dev.portalkit.core.spi.Validation;
import java.util.regex.Pattern;

/** Checks shared by the auth services. Not API. */
final class Inputs {

    /** Letters, marks, digits, spaces and . ' - _ : enough for names, nothing for markup or SQL. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}\\p{N} .'_-]+");

    private Inputs() {
    }

    static Validation email(Validation v, String field, String email) {
        return v.email(field, email == null ? null : email.strip());
    }

    static Validation displayName(Validation v, String field, String name) {
        return v.text(field, name, 1, 100, NAME, "may hold letters, digits, spaces and . ' - _ only");
    }
}
