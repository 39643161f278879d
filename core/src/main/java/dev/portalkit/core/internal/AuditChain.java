package dev.portalkit.core.internal;

import dev.portalkit.core.AuditCheckpoint;
import dev.portalkit.core.AuditKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    /** Whether the server's encoding is UTF8, asked once (it never changes for a database); null until then. */
    private volatile Boolean hashInJava;

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

    /**
     * Whether rows are read as canonical texts and hashed in Java (AuditSealMapper.xml, rowDigest):
     * when the server's encoding is UTF8, so that the texts reach us as the bytes the database would
     * hash. Asked once, in a read of its own.
     */
    boolean hashInJava(TxManager tx) {
        Boolean known = hashInJava;
        if (known == null) {
            known = tx.read(() -> tx.mapper(AuditSealMapper.class).utf8Server());
            hashInJava = known;
        }
        return known;
    }

    /** The digests of rows read either way (AuditSealMapper.RowDigest); reused for a batch, not thread-safe. */
    static final class Digester {
        private final MessageDigest sha = sha256();

        byte[] core(AuditSealMapper.RowDigest row) {
            return row.coreDigest() != null ? row.coreDigest() : digest(row.coreText());
        }

        byte[] personal(AuditSealMapper.RowDigest row) {
            return row.personalDigest() != null ? row.personalDigest() : digest(row.personalText());
        }

        /** SHA-256 of the UTF-8 bytes of {@code text}: pg_catalog.sha256(pg_catalog.convert_to(text, 'UTF8')). */
        byte[] digest(String text) {
            return sha.digest(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
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
            this.sha = key == null ? sha256() : null;
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
