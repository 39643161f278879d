package dev.portalkit.auth.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 TOTP over RFC 4226 HOTP, and the base32 (RFC 4648) authenticator apps read. Pure
 * functions, no state. Not API.
 */
final class Totp {

    static final int STEP_SECONDS = 30;
    static final int DIGITS = 6;
    /** Steps of clock drift accepted either way. */
    static final int DRIFT = 1;
    static final int SECRET_BYTES = 20;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {
    }

    static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** The RFC 6238 time step of {@code t}: whole 30-second periods since the epoch. */
    static long step(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), STEP_SECONDS);
    }

    /** The HOTP value of {@code counter} (RFC 4226 section 5.3), {@code digits} long with leading zeros. */
    static String code(String algorithm, byte[] key, long counter, int digits) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, "RAW"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
            int offset = h[h.length - 1] & 0x0f;
            int binary = (h[offset] & 0x7f) << 24 | (h[offset + 1] & 0xff) << 16 | (h[offset + 2] & 0xff) << 8
                    | h[offset + 3] & 0xff;
            String s = Integer.toString(binary % POWERS[digits]);
            return "0".repeat(digits - s.length()) + s;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }

    /** Whether {@code code} has a TOTP code's shape (6 ASCII digits); anything else is never compared. */
    static boolean wellFormed(String code) {
        if (code == null || code.length() != DIGITS) {
            return false;
        }
        for (int i = 0; i < DIGITS; i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The step within {@link #DRIFT} of {@code now} whose code is {@code code} and which is later than
     * {@code lastUsed} (null: none used yet), or -1. Every candidate step is computed and compared in
     * constant time, so the time taken does not tell which step matched.
     */
    static long matchingStep(byte[] secret, String code, Instant now, Long lastUsed) {
        if (!wellFormed(code)) {
            return -1;
        }
        long current = step(now);
        long found = -1;
        for (long s = current - DRIFT; s <= current + DRIFT; s++) {
            boolean same = MessageDigest.isEqual(code(secret, s).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    code.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (same && found < 0 && s >= 0 && (lastUsed == null || s > lastUsed)) {
                found = s;
            }
        }
        return found;
    }

    /** The 6-digit HMAC-SHA-1 code of {@code step}: what authenticator apps show. */
    static String code(byte[] secret, long step) {
        return code("HmacSHA1", secret, step, DIGITS);
    }

    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = buffer << 8 | b & 0xff;
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt(buffer >>> bits - 5 & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt(buffer << 5 - bits & 31));
        }
        return out.toString();
    }

    /** Upper-case base32 without padding back to bytes; null for anything else. */
    static byte[] fromBase32(String text) {
        ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            int v = BASE32.indexOf(text.charAt(i));
            if (v < 0) {
                return null;
            }
            buffer = buffer << 5 | v;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >>> bits - 8));
                bits -= 8;
            }
        }
        return out.array();
    }
}
