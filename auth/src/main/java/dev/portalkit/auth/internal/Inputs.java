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

    /**
     * The address to look up, or null when {@link #email register's rule} would refuse it. Every
     * look-up by e-mail goes through this: only ASCII addresses reach {@code lower(email) = lower(?)},
     * so a look-alike PostgreSQL's lower() maps to ASCII (the dotted capital I, the Kelvin sign)
     * matches nothing instead of someone else's account.
     */
    static String lookupAddress(String email) {
        return email != null && email(new Validation(), "email", email).valid() ? email.strip() : null;
    }

    static Validation displayName(Validation v, String field, String name) {
        return v.text(field, name, 1, 100, NAME, "may hold letters, digits, spaces and . ' - _ only");
    }
}
