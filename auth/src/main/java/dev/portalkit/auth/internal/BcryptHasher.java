package dev.portalkit.auth.internal;

import dev.portalkit.auth.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.mindrot.jbcrypt.BCrypt;

/**
 * bcrypt through jBCrypt 0.4, wrapped for its traps: it silently ignores bytes past 72 (refused
 * before hashing, see PasswordPolicy), produces only {@code $2a$}, and throws on {@code $2b$},
 * {@code $2y$}, malformed or empty hashes. Those three variants are the same algorithm for
 * passwords of at most 72 bytes, so they are checked as {@code $2a$} and then rehashed.
 *
 * <p>Not final, but only {@link #verify} may be overridden: auth's tests hold a verification in place
 * by extending it, and a forwarding copy of the other methods would only be more code to keep.
 */
public class BcryptHasher implements PasswordHasher {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int cost;

    public BcryptHasher(int cost) {
        this.cost = cost;
    }

    @Override
    public final String hash(String password) {
        if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
            throw new IllegalArgumentException("bcrypt cannot hash more than 72 bytes; the policy refuses such passwords");
        }
        return BCrypt.hashpw(password, BCrypt.gensalt(cost, RANDOM));
    }

    @Override
    public boolean verify(String password, String hash) {
        String normalized = normalize(hash);
        if (normalized == null || password == null) {
            return false;
        }
        try {
            boolean same = BCrypt.checkpw(password, normalized);
            // jBCrypt compares only the first 72 bytes: a longer input (which no stored password
            // can be) must not match. The check above still ran, so the work is the same.
            return same && password.getBytes(StandardCharsets.UTF_8).length <= 72;
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    @Override
    public final boolean needsRehash(String hash) {
        return hash == null || !hash.startsWith("$2a$") || costOf(hash) != cost;
    }

    /** {@code $2b$}/{@code $2y$} as {@code $2a$}; null for anything that is not a bcrypt hash at all. */
    static String normalize(String hash) {
        if (hash == null || hash.length() != 60 || !hash.startsWith("$2")) {
            return null;
        }
        char variant = hash.charAt(2);
        if (hash.charAt(3) != '$' || (variant != 'a' && variant != 'b' && variant != 'y')) {
            return null;
        }
        return "$2a" + hash.substring(3);
    }

    static int costOf(String hash) {
        try {
            return Integer.parseInt(hash.substring(4, 6));
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
