package dev.portalkit.core;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A secret the audit trail's seals are keyed with (HMAC-SHA256), from the host's secret store.
 * PortalKit never writes it to the database or a log: only its {@link #id()} is stored, with each
 * seal and checkpoint, so that a key can be rotated ({@code Portal.Builder.auditKeys}). Without the
 * key, whoever holds the database (its owner included) cannot compute a seal that verifies.
 *
 * <p>The secret is copied in and never handed out; {@link #toString()} shows the id only.
 */
public final class AuditKey {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    /** HMAC-SHA256 gains nothing from more than its block; less than 32 bytes is guessable sooner. */
    public static final int MINIMUM_SECRET_BYTES = 32;

    private final String id;
    private final SecretKeySpec secret;

    private AuditKey(String id, byte[] secret) {
        this.id = id;
        this.secret = new SecretKeySpec(secret, "HmacSHA256");
    }

    /**
     * @param id     a name for this key, stored with every seal it makes (letters, digits, {@code . _ : -},
     *               at most 100 characters), e.g. {@code "audit-2025-01"}
     * @param secret at least {@link #MINIMUM_SECRET_BYTES} random bytes; copied, so the caller may wipe its array
     * @throws ValidationException naming what is wrong; the secret's content is never part of a message
     */
    public static AuditKey of(String id, byte[] secret) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ValidationException("id", "must be 1 to 100 letters, digits, '.', '_', ':' or '-', starting with a"
                    + " letter or digit");
        }
        if (secret == null || secret.length < MINIMUM_SECRET_BYTES) {
            throw new ValidationException("secret", "must be at least " + MINIMUM_SECRET_BYTES + " bytes, e.g. from"
                    + " SecureRandom or the host's secret store (was " + (secret == null ? "null" : secret.length + " bytes") + ")");
        }
        byte[] copy = secret.clone();
        try {
            return new AuditKey(id, copy);
        } finally {
            Arrays.fill(copy, (byte) 0); // SecretKeySpec keeps its own copy
        }
    }

    public String id() {
        return id;
    }

    /** A new HMAC-SHA256 initialised with this key, for PortalKit's sealer and verifier. */
    public Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e); // every Java 17 has it
        }
    }

    /** Equal when id and secret are (compared in constant time). */
    @Override
    public boolean equals(Object o) {
        return o instanceof AuditKey k && k.id.equals(id) && MessageDigest.isEqual(k.secret.getEncoded(), secret.getEncoded());
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "AuditKey[id=" + id + ", secret=***]";
    }
}
