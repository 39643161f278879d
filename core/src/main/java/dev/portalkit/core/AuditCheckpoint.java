package dev.portalkit.core;

import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The audit chain's value after a sealed batch: what a host keeps outside the database (received
 * through {@code Portal.Builder.onAuditCheckpoint}, or read with {@link ActivityLog#checkpoints}) and
 * later hands to {@link ActivityLog#verify(AuditCheckpoint, AuditCheckpoint)}. A checkpoint the host
 * kept is evidence the database cannot rewrite: verification from it needs the chain to reach it with
 * exactly this value.
 *
 * @param position the position of the last seal it covers (1 for the first audit row ever sealed)
 * @param chain    the chain value (MAC) at that position, 64 lowercase hex digits
 * @param sealedAt when it was sealed
 * @param keyId    the {@link AuditKey#id()} it was sealed with, or {@code null} when sealed without a key
 */
public record AuditCheckpoint(long position, String chain, Instant sealedAt, String keyId) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public AuditCheckpoint {
        if (position < 1) {
            throw new ValidationException("position", "must be 1 or more, was " + position);
        }
        if (chain == null || !HEX.matcher(chain.toLowerCase(java.util.Locale.ROOT)).matches()) {
            throw new ValidationException("chain", "must be 64 hex digits (a SHA-256 sized MAC)");
        }
        chain = chain.toLowerCase(java.util.Locale.ROOT);
        if (sealedAt == null) {
            throw new ValidationException("sealedAt", "is required");
        }
    }

    /** The chain value as bytes (a copy). */
    public byte[] chainBytes() {
        return HexFormat.of().parseHex(chain);
    }
}
