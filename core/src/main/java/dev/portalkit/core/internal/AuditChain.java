package dev.portalkit.core.internal;

import dev.portalkit.core.AuditCheckpoint;
import dev.portalkit.core.AuditKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
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
                canon.core(f);
                return canon.digest(sha);
            }
            AuditSealMapper.RowDigest d = (AuditSealMapper.RowDigest) row;
            return d.coreDigest() != null ? d.coreDigest() : digest(d.coreText());
        }

        byte[] personal(AuditSealMapper.ChainRow row) {
            if (row instanceof AuditSealMapper.RowFields f) {
                canon.personal(f);
                return canon.digest(sha);
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
     * The canonical texts of AuditSealMapper.xml (coreText, personalText) built as UTF-8 bytes from a
     * row's columns, byte for byte what PostgreSQL's jsonb output gives: an array's elements separated
     * by ", ", a string quoted and escaped as escape_json does (the two-character escapes for quote,
     * backslash, \b, \f, \n, \r, \t; a six-character escape (backslash, u, 00 and two lower-case
     * hex digits) for the other bytes below 0x20; every other byte as it is: in UTF-8 no byte of a
     * multi-byte character is below 0x80), a bigint in decimal, SQL NULL as null, and a jsonb value as
     * its own text output (jsonb prints a nested value as it prints it alone). Were it ever to differ,
     * verify() would still report exactly what the database's digests show: it asks for them before it
     * reports a row. Not thread-safe.
     */
    static final class Canon {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
        private byte[] text = new byte[1024];
        private int length;

        void core(AuditSealMapper.RowFields r) {
            length = 0;
            put((byte) '[');
            string(r.id()).separator().number(r.seq()).separator();
            string(r.txid().getBytes(StandardCharsets.US_ASCII)).separator().number(r.occurredMicros()).separator();
            string(r.actorId()).separator();
            string(r.actorRole()).separator();
            string(r.action()).separator();
            string(r.entityType()).separator();
            string(r.entityId()).separator();
            string(r.requestId()).put((byte) ']');
        }

        void personal(AuditSealMapper.RowFields r) {
            length = 0;
            put((byte) '[');
            string(r.actorEmail()).separator();
            json(r.before()).separator();
            json(r.after()).separator();
            json(r.metadata()).separator();
            string(r.host()).separator();
            string(r.userAgent()).put((byte) ']');
        }

        byte[] digest(MessageDigest sha) {
            sha.update(text, 0, length);
            return sha.digest();
        }

        private Canon separator() {
            return put((byte) ',').put((byte) ' ');
        }

        private Canon number(long n) {
            byte[] digits = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
            return append(digits, digits.length);
        }

        private Canon json(byte[] jsonbText) {
            return jsonbText == null ? append(NULL, NULL.length) : append(jsonbText, jsonbText.length);
        }

        /** {@code s} as escape_json writes it, or null. */
        Canon string(byte[] s) {
            if (s == null) {
                return append(NULL, NULL.length);
            }
            put((byte) '"');
            int n = s.length;
            int i = 0;
            while (i < n && !escaped(s[i])) {
                i++;
            }
            // Most strings need no escape: copied whole.
            append(s, i);
            for (; i < n; i++) {
                byte c = s[i];
                switch (c) {
                    case '"' -> put((byte) '\\').put((byte) '"');
                    case '\\' -> put((byte) '\\').put((byte) '\\');
                    case '\b' -> put((byte) '\\').put((byte) 'b');
                    case '\f' -> put((byte) '\\').put((byte) 'f');
                    case '\n' -> put((byte) '\\').put((byte) 'n');
                    case '\r' -> put((byte) '\\').put((byte) 'r');
                    case '\t' -> put((byte) '\\').put((byte) 't');
                    default -> {
                        if (c >= 0 && c < 0x20) {
                            put((byte) '\\').put((byte) 'u').put((byte) '0').put((byte) '0').put(HEX[c >> 4]).put(HEX[c & 0xf]);
                        } else {
                            put(c);
                        }
                    }
                }
            }
            return put((byte) '"');
        }

        /** Quote, backslash and the control characters; a negative byte is part of a multi-byte character. */
        private static boolean escaped(byte c) {
            return c >= 0 && c < 0x20 || c == '"' || c == '\\';
        }

        private Canon put(byte b) {
            if (length == text.length) {
                text = Arrays.copyOf(text, length * 2);
            }
            text[length++] = b;
            return this;
        }

        /** The first {@code n} bytes of {@code b}. */
        private Canon append(byte[] b, int n) {
            if (length + n > text.length) {
                text = Arrays.copyOf(text, Math.max(text.length * 2, length + n));
            }
            System.arraycopy(b, 0, text, length, n);
            length += n;
            return this;
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
