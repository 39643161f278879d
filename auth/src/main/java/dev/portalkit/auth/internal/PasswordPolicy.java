package dev.portalkit.auth.internal;

import dev.portalkit.core.spi.Validation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * At least 12 characters, at most 72 UTF-8 bytes (bcrypt ignores the rest: refused, never cut),
 * not the e-mail, not a common password. No composition rules (NIST SP 800-63B).
 */
final class PasswordPolicy {

    static final int MIN_CHARS = 12;
    static final int MAX_BYTES = 72;

    private static final Set<String> COMMON = load();

    private PasswordPolicy() {
    }

    static void check(Validation v, String field, String password, String email) {
        if (password == null || password.isEmpty()) {
            v.fail(field, "is required");
            return;
        }
        if (password.length() > 4 * MAX_BYTES) {
            v.fail(field, "must be at most " + MAX_BYTES + " bytes in UTF-8");
            return;
        }
        if (!Validation.clean(password)) {
            v.fail(field, "must not contain NUL characters or broken UTF-16");
            return;
        }
        if (password.codePointCount(0, password.length()) < MIN_CHARS) {
            v.fail(field, "must be at least " + MIN_CHARS + " characters");
            return;
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            v.fail(field, "must be at most " + MAX_BYTES + " bytes in UTF-8 (longer passwords would be cut short)");
            return;
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (email != null && lower.equals(email.strip().toLowerCase(Locale.ROOT))) {
            v.fail(field, "must not be the e-mail address");
            return;
        }
        if (COMMON.contains(lower)) {
            v.fail(field, "is one of the most common passwords: choose another");
        }
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt is missing from portalkit-auth");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String w = line.strip();
                if (!w.isEmpty() && !w.startsWith("#")) {
                    words.add(w.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
