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

    /**
     * The digests of rows however they were read (AuditSealMapper.ChainRow): computed by the database,
     * its canonical texts, or its columns (then the texts are built by {@link Canon}); reused for a
     * batch, not thread-safe.
     */
    static final class Digester {
        private final MessageDigest sha = sha256();
        private final Canon canon = new Canon();

        byte[] core(AuditSealMapper.ChainRow row) {
            if (row instanceof AuditSealMapper.RowFields f) {
                return digest(canon.core(f));
            }
            AuditSealMapper.RowDigest d = (AuditSealMapper.RowDigest) row;
            return d.coreDigest() != null ? d.coreDigest() : digest(d.coreText());
        }

        byte[] personal(AuditSealMapper.ChainRow row) {
            if (row instanceof AuditSealMapper.RowFields f) {
                return digest(canon.personal(f));
            }
            AuditSealMapper.RowDigest d = (AuditSealMapper.RowDigest) row;
            return d.personalDigest() != null ? d.personalDigest() : digest(d.personalText());
        }

        /** SHA-256 of the UTF-8 bytes of {@code text}: pg_catalog.sha256(pg_catalog.convert_to(text, 'UTF8')). */
        byte[] digest(String text) {
            return sha.digest(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The canonical texts of AuditSealMapper.xml (coreText, personalText) built from a row's columns,
     * character for character what PostgreSQL's jsonb output gives: an array's elements separated by
     * ", ", a string quoted and escaped as escape_json does (the two-character escapes for quote,
     * backslash, \b, \f, \n, \r, \t; a six-character escape (backslash, u, 00 and two lower-case
     * hex digits) for the other characters below U+0020; every other character as it is), a bigint in
     * decimal, SQL NULL as null, and a jsonb value as its own text output (jsonb prints a nested value
     * as it prints it alone). Were it ever to differ, verify() would still report exactly what the
     * database's digests show: it asks for them before it reports a row. Not thread-safe.
     */
    static final class Canon {
        private static final char[] HEX = "0123456789abcdef".toCharArray();
        private final StringBuilder text = new StringBuilder(512);

        String core(AuditSealMapper.RowFields r) {
            text.setLength(0);
            text.append('[');
            string(r.id()).append(", ").append(r.seq()).append(", ");
            string(r.txid()).append(", ").append(r.occurredMicros()).append(", ");
            string(r.actorId()).append(", ");
            string(r.actorRole()).append(", ");
            string(r.action()).append(", ");
            string(r.entityType()).append(", ");
            string(r.entityId()).append(", ");
            string(r.requestId()).append(']');
            return text.toString();
        }

        String personal(AuditSealMapper.RowFields r) {
            text.setLength(0);
            text.append('[');
            string(r.actorEmail()).append(", ");
            json(r.before()).append(", ");
            json(r.after()).append(", ");
            json(r.metadata()).append(", ");
            string(r.host()).append(", ");
            string(r.userAgent()).append(']');
            return text.toString();
        }

        private StringBuilder json(String jsonbText) {
            return jsonbText == null ? text.append("null") : text.append(jsonbText);
        }

        /** {@code s} as escape_json writes it, or null. */
        StringBuilder string(String s) {
            if (s == null) {
                return text.append("null");
            }
            text.append('"');
            int n = s.length();
            int i = 0;
            while (i < n && !escaped(s.charAt(i))) {
                i++;
            }
            // Most strings need no escape: appended whole.
            text.append(s, 0, i);
            for (; i < n; i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> text.append("\\\"");
                    case '\\' -> text.append("\\\\");
                    case '\b' -> text.append("\\b");
                    case '\f' -> text.append("\\f");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    case '\t' -> text.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            text.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                        } else {
                            text.append(c);
                        }
                    }
                }
            }
            return text.append('"');
        }

        private static boolean escaped(char c) {
            return c < 0x20 || c == '"' || c == '\\';
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
