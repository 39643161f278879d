package dev.portalkit.benchmarks;

import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.messaging.EmailLogRetention;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Section 3 for the log tables only ({@code growth --tables=logs}): at size n, n rows each in
 * {@code activity_logs}, {@code email_messages} and {@code email_logs} (and n/10 users, the messages'
 * recipients), and only the calls that read those tables. These are the tables that grow without bound;
 * the full mode's n rows in every table take about an hour at 10M. Also the loads of the two log tables
 * that the full mode shares: {@link #loadEmailLogs} and {@link #activityInsert}. Every name is
 * schema-qualified: behind PgBouncer's transaction pooling a session's {@code SET search_path} does not
 * reach the next statement, which may run on another server connection.
 */
final class GrowthLogs {

    /** Rows per INSERT: one transaction and, past one chunk, one progress line each. */
    static final int CHUNK = 1_000_000;
    /** At every size, so the unread count reads the same amount (n/10 recipients). */
    static final int MESSAGES_PER_RECIPIENT = 10;
    /** The smallest size. Sizes are multiples of 100: exactly 100 e-mails due and 10 messages per recipient. */
    static final int MIN_SIZE = 1_000;

    private GrowthLogs() {
    }

    static int users(int n) {
        return Math.max(2, n / MESSAGES_PER_RECIPIENT);
    }

    /**
     * A loaded user's id from its number (an SQL expression): an md5 laid out as a version-4 UUID, so
     * the messages and audit rows name their users without a join to them.
     */
    static String userId(String number) {
        return "overlay(overlay(md5('bench-user-' || (" + number + ")) placing '4' from 13) placing '8' from 17)::uuid";
    }

    /** One size's load: seconds to insert, audit rows sealed and seconds to seal them, seconds of VACUUM and CHECKPOINT. */
    record Load(double seconds, long sealed, double sealSeconds, double prepareSeconds) {
    }

    /**
     * Loads size n into the log tables (printing each table's time, and each chunk's past one chunk: a 10M
     * load takes many minutes), seals the audit rows ({@code seal()} until it seals nothing,
     * timed: the Fixture has no background sealer in this mode), then VACUUM ANALYZE and CHECKPOINT.
     */
    static Load load(Fixture f, int n, Report out) throws Exception {
        if (n < MIN_SIZE || n % 100 != 0) {
            throw new IllegalArgumentException("--tables=logs: sizes are multiples of 100 from " + MIN_SIZE + " (was " + n + ")");
        }
        long t0 = System.nanoTime();
        int users = users(n);
        // Partitions first, serially: making one locks tables the other stream inserts into.
        boolean partitioned;
        try (Connection c = f.pool.getConnection(); Statement s = c.createStatement()) {
            partitioned = ensureActivityPartitions(s);
        }
        prepareEmailLogs(f);
        // Two streams on two connections, so both cores work (one INSERT is one backend): audit rows then
        // e-mails; users then their messages (the messages' foreign keys need the users).
        ExecutorService streams = Executors.newFixedThreadPool(2);
        try {
            Future<?> logs = streams.submit(() -> {
                try (Connection c = f.pool.getConnection(); Statement s = c.createStatement()) {
                    chunked(out, s, "activity_logs", n, CHUNK, (lo, hi) -> activityInsert(partitioned, n, lo, hi,
                            "CROSS JOIN LATERAL (SELECT " + userId("1 + g % " + users) + " AS id) u"));
                    insertEmailLogs(out, s, n);
                }
                return null;
            });
            Future<?> messages = streams.submit(() -> {
                try (Connection c = f.pool.getConnection(); Statement s = c.createStatement()) {
                    chunked(out, s, "users", users, CHUNK, (lo, hi) ->
                            "INSERT INTO portal.users (id, email, display_name, password_hash, password_changed_at)"
                            + " SELECT " + userId("i") + ", 'g' || i || '@bench.test', 'G ' || i,"
                            + " '$2a$04$abcdefghijklmnopqrstuu0123456789012345678901234567890', now()"
                            + " FROM generate_series(" + lo + ", " + hi + ") i");
                    // Recipient 1 + g % users: exactly 10 each when n is a multiple of 10; the sender is the
                    // next user, never the recipient (the table's CHECK). The thread is the message itself.
                    chunked(out, s, "email_messages", n, CHUNK, (lo, hi) ->
                            "INSERT INTO portal.email_messages (id, thread_id, sender_id, recipient_id, subject, body)"
                            + " SELECT m.id, m.id, " + userId("1 + (g + 1) % " + users) + ", " + userId("1 + g % " + users)
                            + ", 'Hello', 'Body ' || g"
                            + " FROM generate_series(" + lo + ", " + hi + ") g CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id, g AS k) m");
                }
                return null;
            });
            logs.get();
            messages.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        } finally {
            streams.shutdownNow();
        }
        double loadSecs = (System.nanoTime() - t0) / 1e9;
        out.line(String.format("- loaded in %.0f s", loadSecs));

        ActivityLog log = Services.of(f.portal).log();
        long t1 = System.nanoTime();
        long[] mark = {CHUNK};
        f.onCheckpoint = cp -> {
            if (cp.position() >= mark[0]) {
                out.line(String.format("  - sealed up to position %,d (%.0f s)", cp.position(), (System.nanoTime() - t1) / 1e9));
                mark[0] = (cp.position() / CHUNK + 1) * CHUNK;
            }
        };
        long sealed = 0;
        long k;
        do {
            k = log.seal().rowsSealed();
            sealed += k;
        } while (k > 0);
        double sealSecs = (System.nanoTime() - t1) / 1e9;
        f.onCheckpoint = cp -> { };
        if (sealed < n) {
            throw new IllegalStateException("sealed " + sealed + " audit rows, loaded " + n);
        }
        out.line(String.format("- sealed %,d audit rows in %.1f s (%,.0f rows/s; seal() until it seals nothing)",
                sealed, sealSecs, sealed / sealSecs));

        long t2 = System.nanoTime();
        try (Connection c = f.pool.getConnection(); Statement s = c.createStatement()) {
            // A database in use, not one just bulk-loaded (as the full mode).
            s.execute("VACUUM ANALYZE");
            s.execute("CHECKPOINT");
        }
        double prepareSecs = (System.nanoTime() - t2) / 1e9;
        out.line(String.format("- VACUUM ANALYZE and CHECKPOINT in %.0f s", prepareSecs));
        sizes(f, out);
        return new Load(loadSecs, sealed, sealSecs, prepareSecs);
    }

    /** Disk per table, indexes and partitions included (for the disk a larger run needs). */
    private static void sizes(Fixture f, Report out) throws Exception {
        StringBuilder line = new StringBuilder("- on disk:");
        try (Connection c = f.pool.getConnection(); Statement s = c.createStatement()) {
            for (String t : List.of("activity_logs", "activity_log_seals", "email_messages", "email_logs", "users")) {
                // A partitioned table's own size is 0 and a plain table has no partition tree: both, once.
                try (ResultSet rs = s.executeQuery("SELECT pg_size_pretty(sum(pg_total_relation_size(r))) FROM"
                        + " (SELECT relid AS r FROM pg_partition_tree('portal." + t + "') UNION SELECT 'portal." + t + "'::regclass) z")) {
                    rs.next();
                    line.append(' ').append(t).append(' ').append(rs.getString(1)).append(',');
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
                rs.next();
                line.append(" database ").append(rs.getString(1));
            }
        }
        out.line(line.toString());
    }

    /**
     * Runs {@code sql(lo, hi)} for 1..total in chunks of {@code chunk} rows, each its own transaction,
     * and fails unless every chunk inserted all its rows (a cross join that found nothing inserts none).
     * {@code out} null prints nothing.
     */
    static void chunked(Report out, Statement s, String table, long total, int chunk, ChunkSql sql) throws Exception {
        long t0 = System.nanoTime();
        for (long lo = 1; lo <= total; lo += chunk) {
            long hi = Math.min(total, lo + chunk - 1);
            int rows = s.executeUpdate(sql.of(lo, hi));
            if (rows != hi - lo + 1) {
                throw new IllegalStateException(table + ": inserted " + rows + " rows for " + lo + ".." + hi);
            }
            if (out != null && total > chunk) {
                out.line(String.format("  - %s: %,d / %,d rows (%.0f s)", table, hi, total, (System.nanoTime() - t0) / 1e9));
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (out != null) {
            out.line(String.format("- %s: %,d rows in %.1f s (%,.0f rows/s)", table, total, secs, total / secs));
        }
    }

    /** The SQL of one chunk: rows lo..hi of the series {@code g}. */
    @FunctionalInterface
    interface ChunkSql {
        String of(long lo, long hi);
    }

    /**
     * When core partitions activity_logs by month (its function {@code activity_logs_ensure_partitions}
     * exists), makes a year of monthly partitions first, as a Portal running that year would have made them
     * ahead; answers whether it did.
     */
    static boolean ensureActivityPartitions(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT to_regproc('portal.activity_logs_ensure_partitions') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return false;
            }
        }
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM portal.activity_logs_ensure_partitions(now(), 15)")) {
            rs.next();
        }
        return true;
    }

    /**
     * Rows lo..hi of n audit rows ({@code g}), actor {@code u.id} from {@code actorJoin}. Plain INSERTs,
     * as every audited write since core's V4 (seq is an identity, txid defaults to the writing
     * transaction). Partitioned: created_at over a year from the end of the first partition (the table
     * from before partitioning), rising with seq as a trail's does, so each month's partition holds a
     * twelfth of the rows; occurred_at the same. Not partitioned: now(), as before.
     */
    static String activityInsert(boolean partitioned, long n, long lo, long hi, String actorJoin) {
        if (!partitioned) {
            return "INSERT INTO portal.activity_logs (occurred_at, actor_id, action, entity_type, entity_id)"
                    + " SELECT now(), u.id, 'bench.loaded', 'user', u.id"
                    + " FROM generate_series(" + lo + ", " + hi + ") g " + actorJoin;
        }
        return "INSERT INTO portal.activity_logs (occurred_at, actor_id, action, entity_type, entity_id, created_at, updated_at)"
                + " SELECT c.at, u.id, 'bench.loaded', 'user', u.id, c.at, c.at"
                + " FROM generate_series(" + lo + ", " + hi + ") g " + actorJoin
                + " CROSS JOIN (SELECT range_to FROM portal.activity_logs_partitions() WHERE partition_name = 'activity_logs_legacy') l"
                + " CROSS JOIN LATERAL (SELECT l.range_to + (g - 1) * (interval '360 days' / " + n + ") AS at) c";
    }

    /**
     * E-mail log (issue #20): n settled e-mails over a year of monthly partitions (made first, as a Portal
     * running that year would have made them ahead), plus 100 due at every size, so the claim and the
     * outbox count read the same amount. The year starts where the first partition (the table from before
     * partitioning) ends. In chunks of {@link #CHUNK} rows; {@code out} null prints nothing.
     */
    static void loadEmailLogs(Fixture f, int n, Report out) throws Exception {
        prepareEmailLogs(f);
        try (Connection c = f.pool.getConnection(); Statement s = c.createStatement()) {
            insertEmailLogs(out, s, n);
        }
    }

    /**
     * {@code growth --tables=outbox}: n e-mails only (as {@link #loadEmailLogs}: 100 due), then VACUUM
     * ANALYZE and CHECKPOINT. The outbox calls read nothing else, so a 10M size loads in minutes.
     */
    static Load loadOutbox(Fixture f, int n, Report out) throws Exception {
        if (n < MIN_SIZE || n % 100 != 0) {
            throw new IllegalArgumentException("--tables=outbox: sizes are multiples of 100 from " + MIN_SIZE + " (was " + n + ")");
        }
        long t0 = System.nanoTime();
        loadEmailLogs(f, n, out);
        double loadSecs = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        try (Connection c = f.pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE portal.email_logs");
            s.execute("CHECKPOINT");
        }
        double prepareSecs = (System.nanoTime() - t1) / 1e9;
        sizes(f, out);
        return new Load(loadSecs, 0, 0, prepareSecs);
    }

    /** The outbox calls of {@link #calls}: the claim and the outbox count. */
    static Map<String, Runnable> outboxCalls(Fixture f, boolean counted) {
        Services sv = Services.of(counted ? f.countedPortal : f.portal);
        Map<String, Runnable> m = new LinkedHashMap<>();
        m.put("outboxClaim", GrowthBench.claimAndRequeue(counted ? f.countedPool : f.pool, f.pool));
        m.put("outboxStatus", () -> HotCalls.need(sv.email().outboxStatus().waiting() == 100));
        return m;
    }

    /** The partitions of the year ahead and the template the loaded e-mails name. */
    static void prepareEmailLogs(Fixture f) throws Exception {
        f.portal.service(EmailLogRetention.class).ensurePartitions(15);
        try (Connection c = f.pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO portal.email_templates (key, locale, version, subject, text_body)"
                    + " VALUES ('bench-growth', 'en', 1, 'Notice', 'Hello')");
        }
    }

    /** The e-mails, once {@link #prepareEmailLogs} ran. */
    static void insertEmailLogs(Report out, Statement s, int n) throws Exception {
        int dueEvery = Math.max(1, n / 100);
        chunked(out, s, "email_logs", n, CHUNK, (lo, hi) ->
                "INSERT INTO portal.email_logs (template_id, template_key, template_version, locale, from_address, to_address,"
                + " subject, message_id, status, due_at, sent_at, created_at, updated_at)"
                + " SELECT t.id, 'bench-growth', 1, 'en', 'bench@bench.test', 'r' || (g % 1000) || '@bench.test', 'Notice',"
                + " '<' || g || '.growth@bench.test>', CASE WHEN g % " + dueEvery + " = 0 THEN 'QUEUED' ELSE 'DELIVERED' END,"
                + " now() - interval '1 minute', now(), c.at, c.at"
                + " FROM generate_series(" + lo + ", " + hi + ") g"
                + " CROSS JOIN (SELECT id FROM portal.email_templates WHERE key = 'bench-growth') t"
                + " CROSS JOIN (SELECT range_to FROM portal.email_logs_partitions() WHERE partition_name = 'email_logs_legacy') l"
                + " CROSS JOIN LATERAL (SELECT l.range_to + (g % 360) * interval '1 day' + (g % 86400) * interval '1 second' AS at) c");
    }

    /**
     * The calls on the log tables: the activity list's first page and a page past row 90% (keyset), the
     * unread count of one of 1,000 recipients (10 messages each at every size), the outbox claim (committed,
     * its rows queued again untimed: the same 100 due at every size) and the outbox count.
     */
    static Map<String, Runnable> calls(Fixture f, int n, boolean counted) throws Exception {
        Services sv = Services.of(counted ? f.countedPortal : f.portal);
        int users = users(n);
        List<UUID> recipients = new ArrayList<>();
        long newestSeq;
        try (Connection c = f.pool.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT " + userId("1 + k * " + users + "::bigint / 1000")
                    + " FROM generate_series(0, 999) k")) {
                while (rs.next()) {
                    recipients.add((UUID) rs.getObject(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT max(seq) FROM portal.activity_logs")) {
                rs.next();
                newestSeq = rs.getLong(1);
            }
        }
        // Newest first: 90% down is seq ≈ 10% of the loaded rows.
        String deep = Cursors.encode(newestSeq - (long) (n * 0.9));
        Map<String, Runnable> m = new LinkedHashMap<>();
        m.put("activityFirstPage", () -> HotCalls.need(sv.log().find(ActivityQuery.all(), PageRequest.first(20)).items().size() == 20));
        m.put("activityDeepPage", () -> HotCalls.need(sv.log().find(ActivityQuery.all(), new PageRequest(deep, 20)).items().size() == 20));
        m.put("unreadCount", () -> HotCalls.need(sv.messages().unreadCount(
                recipients.get(ThreadLocalRandom.current().nextInt(recipients.size()))) >= MESSAGES_PER_RECIPIENT));
        // Counted: through the counted pool, so the claim's SQL is captured for its plan.
        m.putAll(outboxCalls(f, counted));
        return m;
    }
}
