package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.testing.CapturedErr;
import dev.portalkit.testing.Queries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * verify()'s fast path (issue #17, verify over 1M rows): the digests computed in Java from a row's
 * columns are the database's digests, byte for byte, over generated rows of every shape; and the
 * chain checked in two halves at once reports exactly what one walk from the start reports.
 */
class AuditVerifyFastPathIT extends CoreDatabaseTest {

    static final AuditKey KEY = AuditKey.of("fast-path-key", "0123456789abcdef0123456789abcdef".getBytes());
    /** What AuditVerifier logs when the canonical text it builds differs from the database's. */
    static final String DIFFERS = "differs from the database's";

    final List<AuditCheckpoint> exported = new CopyOnWriteArrayList<>();

    Portal portal(Consumer<Portal.Builder> more) {
        Portal.Builder b = Portal.builder().dataSource(db.dataSource()).migration(MigrationMode.NONE)
                .backgroundSealing(false).auditKeys(KEY).onAuditCheckpoint(exported::add);
        more.accept(b);
        Portal p = b.build();
        portals.add(p);
        return p;
    }

    /** A Portal whose verify() reads {@code batch} seals at a time, so that a short trail is checked in halves. */
    Portal smallBatches(int batch) {
        String key = "portalkit.internal.auditVerifyBatch"; // AuditVerifier.INTERNAL_BATCH_PROPERTY (not API)
        synchronized (System.getProperties()) {
            System.setProperty(key, String.valueOf(batch));
            try {
                return portal(b -> { });
            } finally {
                System.clearProperty(key);
            }
        }
    }

    long seqAt(long position) {
        return Queries.number(db.directDataSource(), "SELECT seq FROM portal.activity_log_seals WHERE position = ?", position);
    }

    // ---------------------------------------------------------------------------------------------
    // Digests in Java = digests in the database

    @Test
    void digestsComputedInJavaFromTheColumnsAreTheDatabasesOverGeneratedRows() throws SQLException {
        Random random = new Random(17);
        int rows = 3000;
        try (Connection c = db.directDataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO portal.activity_logs (occurred_at, actor_id, actor_email, actor_role, action, entity_type,"
                        + " entity_id, before, after, metadata, ip, user_agent, request_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS inet), ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                ps.setObject(1, time(random));
                ps.setObject(2, maybe(random, UUID.randomUUID()));
                ps.setString(3, maybe(random, text(random, 40)));
                ps.setString(4, maybe(random, text(random, 20)));
                ps.setString(5, "doc." + word(random));
                ps.setString(6, maybe(random, word(random)));
                ps.setObject(7, maybe(random, UUID.randomUUID()));
                ps.setString(8, maybe(random, object(random, 0)));
                ps.setString(9, maybe(random, object(random, 0)));
                ps.setString(10, random.nextInt(5) == 0 ? "{}" : object(random, 0));
                ps.setString(11, maybe(random, ip(random)));
                ps.setString(12, maybe(random, text(random, 100)));
                ps.setString(13, maybe(random, text(random, 30)));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        ActivityLog log = portal(b -> { }).service(ActivityLog.class);
        assertThat(Queries.column(db.directDataSource(), "SHOW server_encoding")).as("the Java path runs on UTF8").containsExactly("UTF8");
        assertThat(log.seal().rowsSealed()).isEqualTo(rows);
        // The seals hold the database's own digests of every row (what the earlier releases stored).
        assertThat(Queries.number(db.directDataSource(), """
                SELECT count(*) FROM portal.activity_log_seals s JOIN portal.activity_logs l ON l.seq = s.seq
                 WHERE s.core_digest = sha256(convert_to(jsonb_build_array(l.id, l.seq, l.txid::text,
                           (EXTRACT(EPOCH FROM l.occurred_at) * 1000000)::bigint, l.actor_id, l.actor_role, l.action,
                           l.entity_type, l.entity_id, l.request_id)::text, 'UTF8'))
                   AND s.personal_digest = sha256(convert_to(jsonb_build_array(l.actor_email, l.before, l.after, l.metadata,
                           host(l.ip), l.user_agent)::text, 'UTF8'))""")).isEqualTo(rows);
        try (CapturedErr err = CapturedErr.start()) {
            AuditVerification v = log.verify();
            assertThat(v.intact()).as(v.toString()).isTrue();
            assertThat(v.rowsChecked()).isEqualTo(rows);
            assertThat(err.text()).as("no row needed the database's digests").doesNotContain(DIFFERS);
        }
        // And the Java digests do tell a changed row: one character of one row.
        long seq = seqAt(rows / 2);
        asOwnerTriggersOff("UPDATE portal.activity_logs SET actor_role = coalesce(actor_role, '') || 'x' WHERE seq = " + seq);
        AuditVerification changed = log.verify();
        assertThat(changed.firstBrokenSequence()).isEqualTo(seq);
        assertThat(changed.problem()).contains("does not match its seal: it was changed");
    }

    static <T> T maybe(Random random, T value) {
        return random.nextInt(6) == 0 ? null : value;
    }

    static OffsetDateTime time(Random random) {
        // 1900 to 2200, to the microsecond, before and after the epoch.
        long micros = -2_208_988_800_000_000L + (long) (random.nextDouble() * 9_467_280_000_000_000L);
        Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L);
        return at.atOffset(ZoneOffset.ofHours(random.nextInt(25) - 12));
    }

    static String word(Random random) {
        StringBuilder b = new StringBuilder().append((char) ('a' + random.nextInt(26)));
        for (int i = random.nextInt(12); i > 0; i--) {
            b.append("abcdefghijklmnopqrstuvwxyz0123456789_".charAt(random.nextInt(37)));
        }
        return b.toString();
    }

    /** Characters escape_json treats apart, and every other kind: control characters, quote, backslash, non-ASCII. */
    static final String[] PIECES = {"a", "Z", " ", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\u0001", "\u001f", "\u007f",
        "é", "€", "\u2028", "\ufeff", "\uffff", "😀", "𝄞", "'", "<>&", "\\u0041", "null", "{}", "[1, 2]", ", "};

    static String text(Random random, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(max + 1); i > 0; i--) {
            if (random.nextInt(4) == 0) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            } else if (random.nextInt(8) == 0) {
                int cp = 1 + random.nextInt(0x10FFFF);
                if (cp < 0xD800 || cp > 0xDFFF) {
                    b.appendCodePoint(cp);
                }
            } else {
                b.append((char) (0x20 + random.nextInt(0x5f)));
            }
        }
        return b.toString();
    }

    /** A JSON object of every kind of value, nested, as text (jsonb then keeps it in its own canonical form). */
    static String object(Random random, int depth) {
        StringBuilder b = new StringBuilder("{");
        for (int i = random.nextInt(depth > 1 ? 2 : 5); i > 0; i--) {
            b.append(quoted(text(random, 10))).append(':').append(value(random, depth + 1));
            if (i > 1) {
                b.append(',');
            }
        }
        return b.append('}').toString();
    }

    static String value(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 6 : 8)) {
            case 0 -> quoted(text(random, 20));
            case 1 -> String.valueOf(random.nextLong());
            case 2 -> List.of("1.50", "-0", "1e3", "0.000001", "123456789012345678901234567890.5", "-2.5E-7").get(random.nextInt(6));
            case 3 -> random.nextBoolean() ? "true" : "false";
            case 4 -> "null";
            case 5 -> quoted("");
            case 6 -> object(random, depth);
            default -> {
                StringBuilder a = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.append(value(random, depth + 1)).append(i > 1 ? ", " : "");
                }
                yield a.append(']').toString();
            }
        };
    }

    static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04X", c));
            } else {
                b.append((char) c);
            }
        });
        return b.append('"').toString();
    }

    static String ip(Random random) {
        if (random.nextBoolean()) {
            return random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256)
                    + (random.nextInt(4) == 0 ? "/" + random.nextInt(33) : "");
        }
        return String.format("%x:%x::%x", random.nextInt(0x10000), random.nextInt(0x10000), random.nextInt(0x10000));
    }

    // ---------------------------------------------------------------------------------------------
    // Two halves = one walk

    @Test
    void verifyingInHalvesReportsExactlyWhatOneWalkFromTheStartReports() throws SQLException {
        ActivityLog one = portal(b -> { }).service(ActivityLog.class);
        ActivityLog halves = smallBatches(3).service(ActivityLog.class);
        UUID ann = UUID.randomUUID();
        for (int i = 0; i < 40; i++) {
            UUID actor = i % 7 == 0 ? ann : UUID.randomUUID();
            one.record(new AuditEvent("doc.signed", "doc", UUID.randomUUID(), null, java.util.Map.of("n", i),
                    java.util.Map.of("tag", "t" + i)), CallContext.of(actor, "10.0.0." + (i + 1), "browser"));
            if (i % 5 == 4) {
                one.seal();
            }
        }
        one.erasePersonalData(ann, CallContext.system("test"));
        one.seal();
        AuditCheckpoint early = exported.get(1);
        AuditCheckpoint newest = exported.get(exported.size() - 1);
        sameReport(one, halves, early, newest, "intact, redacted rows in both halves");
        assertThat(halves.verify().redactedSequences()).hasSize(6);

        // Broken in the second half only: the first half is intact, the second half's finding counts.
        asOwnerTriggersOff("UPDATE portal.activity_logs SET user_agent = 'forged' WHERE seq = " + seqAt(33));
        sameReport(one, halves, early, newest, "a row changed in the second half");
        assertThat(one.verify().firstBrokenPosition()).isEqualTo(33L);
        asOwnerTriggersOff("DELETE FROM portal.activity_logs WHERE seq = " + seqAt(28));
        sameReport(one, halves, early, newest, "a row deleted in the second half");
        assertThat(one.verify().firstBrokenPosition()).isEqualTo(28L);
        // The seal the second half starts from (the middle: position 20 or 21) rewritten: the first half finds it.
        asOwnerTriggersOff("UPDATE portal.activity_log_seals SET mac = sha256(mac) WHERE position IN (20, 21)");
        sameReport(one, halves, early, newest, "the middle seal rewritten");
        assertThat(one.verify().firstBrokenPosition()).isEqualTo(20L);
        // Broken in the first half as well: its finding, the first, is reported.
        asOwnerTriggersOff("UPDATE portal.activity_logs SET metadata = '{\"tag\": \"forged\"}' WHERE seq = " + seqAt(9));
        sameReport(one, halves, early, newest, "a row changed in each half");
        assertThat(one.verify().firstBrokenPosition()).isEqualTo(9L);
        // The middle seal missing: nowhere to start a second half from.
        asOwnerTriggersOff("DELETE FROM portal.activity_log_checkpoints WHERE position IN (20, 21)",
                "DELETE FROM portal.activity_log_seals WHERE position IN (20, 21)");
        sameReport(one, halves, early, newest, "the middle seals removed");
        // The newest rows removed with their seals.
        asOwnerTriggersOff("DELETE FROM portal.activity_log_checkpoints WHERE position > 36",
                "DELETE FROM portal.activity_log_seals WHERE position > 36");
        sameReport(one, halves, early, newest, "the newest seals removed");
    }

    @Test
    void partsTakeTurnsOnAPoolOfTwoWithOneConnectionTaken() throws SQLException {
        ActivityLog writer = portal(b -> { }).service(ActivityLog.class);
        for (int i = 0; i < 40; i++) {
            writer.record(AuditEvent.of("doc.signed", "doc", UUID.randomUUID()), CallContext.system("test"));
            if (i % 5 == 4) {
                writer.seal();
            }
        }
        AuditVerification whole = writer.verify();
        String key = "portalkit.internal.auditVerifyBatch"; // AuditVerifier.INTERNAL_BATCH_PROPERTY (not API)
        Portal small;
        synchronized (System.getProperties()) {
            System.setProperty(key, "3"); // 40 rows in batches of 3: four parts, each wanting a connection
            try {
                small = Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password())
                        .minimumIdle(0).maximumPoolSize(2).migration(MigrationMode.NONE).backgroundSealing(false)
                        .auditKeys(KEY).build();
                portals.add(small);
            } finally {
                System.clearProperty(key);
            }
        }
        // Another request of the host's holds one of the two connections the whole time (verify() itself
        // refuses to run inside inTransaction).
        AuditVerification inside;
        try (Connection held = small.dataSource().getConnection()) {
            inside = small.service(ActivityLog.class).verify();
        }
        assertThat(inside.intact()).as(inside.toString()).isTrue();
        assertThat(inside.rowsChecked()).isEqualTo(whole.rowsChecked()).isEqualTo(40);
    }

    static void sameReport(ActivityLog one, ActivityLog halves, AuditCheckpoint from, AuditCheckpoint newest, String what) {
        assertThat(halves.verify()).as(what + ", from the start").isEqualTo(one.verify());
        assertThat(halves.verify(from, newest)).as(what + ", between checkpoints").isEqualTo(one.verify(from, newest));
        assertThat(halves.verify(null, newest)).as(what + ", up to the newest").isEqualTo(one.verify(null, newest));
    }
}
