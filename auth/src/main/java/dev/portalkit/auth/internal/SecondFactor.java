package dev.portalkit.auth.internal;

import dev.portalkit.auth.AuthError;
import dev.portalkit.core.PortalException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A user's second factor: checking a TOTP or recovery code (each accepted once, by one conditional
 * write) and sealing and opening the TOTP secret under the host's key. Runs in the caller's
 * transaction. Not API.
 */
final class SecondFactor {

    static final String TOTP = "totp";
    static final String RECOVERY_CODE = "recovery_code";
    static final int RECOVERY_CODES = 10;
    /** 10 random bytes: 80 bits, 16 base32 characters, shown as four groups of four. */
    private static final int RECOVERY_BYTES = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuthContext auth;

    SecondFactor(AuthContext auth) {
        this.auth = auth;
    }

    /**
     * Which factor {@code code} is for the user ({@link #TOTP} or {@link #RECOVERY_CODE}), used up by
     * this call; null when it is wrong, already used, or the user has no confirmed enrolment.
     */
    String accept(UUID userId, String code, Instant now) {
        UserTotpMapper.TotpRow row = auth.totp().find(userId);
        if (row == null || row.confirmedAt() == null || code == null) {
            return null;
        }
        if (Totp.wellFormed(code)) {
            byte[] secret = open(userId, row);
            long step = Totp.matchingStep(secret, code, now, row.lastUsedStep());
            Arrays.fill(secret, (byte) 0);
            return step >= 0 && auth.totp().advance(userId, step) == 1 ? TOTP : null;
        }
        byte[] hash = recoveryHash(code);
        return hash != null && auth.recoveryCodes().use(userId, hash, now) == 1 ? RECOVERY_CODE : null;
    }

    /** The id of the key new secrets are sealed under. */
    String keyId() {
        String keyId = auth.options.totpKeyId();
        if (keyId == null) {
            throw new PortalException(AuthError.TOTP_KEY_MISSING,
                    "No TOTP key is configured, and a TOTP secret is never stored unencrypted");
        }
        return keyId;
    }

    byte[] seal(String keyId, UUID userId, byte[] secret) {
        return SecretBox.seal(auth.options.totpKey(keyId), keyId, userId, secret);
    }

    byte[] open(UUID userId, UserTotpMapper.TotpRow row) {
        byte[] key = auth.options.totpKey(row.keyId());
        if (key == null) {
            throw new PortalException(AuthError.TOTP_KEY_MISSING, "The TOTP secret of user " + userId
                    + " is encrypted under key '" + row.keyId() + "', which is not configured");
        }
        byte[] secret = SecretBox.open(key, row.keyId(), userId, row.secretCiphertext());
        if (secret == null) {
            throw new PortalException(AuthError.TOTP_KEY_MISSING, "The TOTP secret of user " + userId
                    + " does not open under the configured key '" + row.keyId() + "' (a different key of the same id?)");
        }
        return secret;
    }

    /** New recovery codes, shown once: {@code XXXX-XXXX-XXXX-XXXX} in base32 letters and digits. */
    static List<String> newRecoveryCodes() {
        List<String> codes = new ArrayList<>(RECOVERY_CODES);
        while (codes.size() < RECOVERY_CODES) {
            byte[] bytes = new byte[RECOVERY_BYTES];
            RANDOM.nextBytes(bytes);
            String s = Totp.base32(bytes);
            String code = s.substring(0, 4) + "-" + s.substring(4, 8) + "-" + s.substring(8, 12) + "-" + s.substring(12);
            if (!codes.contains(code)) {
                codes.add(code);
            }
        }
        return codes;
    }

    /**
     * The SHA-256 of a recovery code as typed (any letter case, with or without the dashes or
     * spaces), or null when it cannot be one: nothing else is looked up.
     */
    static byte[] recoveryHash(String code) {
        if (code == null || code.length() > 40) {
            return null;
        }
        String s = code.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (s.length() != 16 || Totp.fromBase32(s) == null) {
            return null;
        }
        return Tokens.sha256(s);
    }

    static List<byte[]> hashes(List<String> codes) {
        return codes.stream().map(SecondFactor::recoveryHash).toList();
    }

    static String otpauthUri(String issuer, String account, String secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
