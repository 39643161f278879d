package dev.portalkit.core.internal;

import dev.portalkit.core.AuditCheckpoint;
import dev.portalkit.core.AuditKey;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;

/**
 * The chain's arithmetic, the same for the sealer and the verifier: a seal's MAC is
 * HMAC-SHA256(key, position (8 bytes, big-endian) | previous MAC | core digest | personal digest),
 * or SHA-256 of the same bytes when there is no key (an unkeyed chain). The position before the
 * first is 0, with a previous MAC of 32 zero bytes. Not API.
 */
final class AuditChain {

    static final int MAC_BYTES = 32;
    static final byte[] GENESIS = new byte[MAC_BYTES];

    /** The keys by id, the sealing one first; empty: unkeyed. */
    private final Map<String, AuditKey> keys = new LinkedHashMap<>();
    private final AuditKey current;

    AuditChain(List<AuditKey> keys) {
        keys.forEach(k -> this.keys.put(k.id(), k));
        this.current = keys.isEmpty() ? null : keys.get(0);
    }

    /** The key new seals are made with, or null for an unkeyed chain. */
    AuditKey current() {
        return current;
    }

    boolean keyed() {
        return current != null;
    }

    AuditKey key(String id) {
        return keys.get(id);
    }

    /** A MAC maker for {@code key} (null: unkeyed), reused for a whole batch; not thread-safe. */
    static Maker maker(AuditKey key) {
        return new Maker(key);
    }

    static final class Maker {
        private final Mac mac;
        private final MessageDigest sha;
        private final ByteBuffer position = ByteBuffer.allocate(8);

        private Maker(AuditKey key) {
            this.mac = key == null ? null : key.newMac();
            try {
                this.sha = key == null ? MessageDigest.getInstance("SHA-256") : null;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available in this JVM", e);
            }
        }

        byte[] mac(long pos, byte[] previous, byte[] coreDigest, byte[] personalDigest) {
            position.clear();
            position.putLong(pos);
            if (mac != null) {
                mac.update(position.array());
                mac.update(previous);
                mac.update(coreDigest);
                mac.update(personalDigest);
                return mac.doFinal();
            }
            sha.update(position.array());
            sha.update(previous);
            sha.update(coreDigest);
            sha.update(personalDigest);
            return sha.digest();
        }
    }

    static AuditCheckpoint checkpoint(AuditSealMapper.CheckpointRow r) {
        return new AuditCheckpoint(r.position(), java.util.HexFormat.of().formatHex(r.mac()), r.sealedAt(), r.keyId());
    }
}
