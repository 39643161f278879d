package dev.portalkit.benchmarks;

import dev.portalkit.content.Audience;
import dev.portalkit.content.CardQuery;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.spi.Cursors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Section 3: p50/p95 of the read paths as tables grow. Rows are generated server-side
 * ({@code INSERT ... SELECT generate_series}), not one service call at a time. Audit rows are
 * plain INSERTs (since core's V4 writers need no chain head) and are sealed by {@code seal()} before
 * anything is measured, as in a trail in use. {@code --tables=logs} loads and measures the log tables
 * only ({@link GrowthLogs}).
 */
final class GrowthBench {

    /** What {@code growth} loads and measures ({@code --tables=}). */
    enum Tables {
        /** n rows in every table the calls read, and every call (the default). */
        ALL,
        /** n rows in each log table, and only their calls: {@link GrowthLogs}. */
        LOGS,
        /** n e-mails only, and the outbox calls: {@link GrowthLogs#loadOutbox}. */
        OUTBOX;

        static Tables parse(String value) {
            return switch (value) {
                case "all" -> ALL;
                case "logs" -> LOGS;
                case "outbox" -> OUTBOX;
                default -> throw new IllegalArgumentException("--tables= takes all, logs or outbox (was " + value + ")");
            };
        }
    }

    record Point(double p50us, double p95us) {
    }

    final Map<String, Map<Integer, Point>> results = new LinkedHashMap<>();
    final Map<String, List<String>> plans = new LinkedHashMap<>();

    void run(Report out, boolean full, int[] sizes, Tables tables) throws Exception {
        Map<Integer, GrowthLogs.Load> loads = new LinkedHashMap<>();
        for (int n : sizes) {
            // Logs: no background sealer, so seal() alone seals the loaded trail and its time is the sealing's.
            try (Fixture f = new Fixture(4, 4, tables == Tables.ALL)) {
                long t0 = System.nanoTime();
                switch (tables) {
                    case ALL -> load(f, n);
                    case LOGS -> {
                        out.line(String.format("- %,d rows into each log table:", n));
                        loads.put(n, GrowthLogs.load(f, n, out));
                    }
                    case OUTBOX -> {
                        out.line(String.format("- %,d e-mails:", n));
                        loads.put(n, GrowthLogs.loadOutbox(f, n, out));
                    }
                }
                double loadSecs = (System.nanoTime() - t0) / 1e9;
                out.line(String.format(switch (tables) {
                    case ALL -> "- loaded %,d rows per table in %.0f s";
                    case LOGS -> "- %,d rows per log table ready in %.0f s (load, seal, VACUUM ANALYZE, CHECKPOINT)";
                    case OUTBOX -> "- %,d e-mails ready in %.0f s (load, VACUUM ANALYZE, CHECKPOINT)";
                }, n, loadSecs));
                Map<String, Runnable> calls = calls(f, n, false, tables);
                for (var e : calls.entrySet()) {
                    for (int i = 0; i < 200; i++) {
                        e.getValue().run();
                    }
                    Measure.Result r = Measure.run(e.getValue(), 1, 200, full ? 3000 : 1000);
                    results.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).put(n, new Point(r.p50us(), r.p95us()));
                }
                if (n == sizes[sizes.length - 1]) {
                    explain(f, n, tables);
                }
            }
        }
        out.line("");
        out.line(switch (tables) {
            case ALL -> "## Section 3: cost as data grows (1 thread, PortalKit services)";
            case LOGS -> "## Section 3, log tables only (--tables=logs): cost as the log tables grow (1 thread, PortalKit services)";
            case OUTBOX -> "## Section 3, e-mails only (--tables=outbox): cost of the outbox as email_logs grows (1 thread)";
        });
        if (tables != Tables.ALL) {
            out.line("");
            for (var e : loads.entrySet()) {
                GrowthLogs.Load l = e.getValue();
                out.line(tables == Tables.LOGS
                        ? String.format("- %,d rows per log table: loaded in %.0f s, %,d audit rows sealed in %.1f s (%,.0f rows/s),"
                                + " VACUUM ANALYZE and CHECKPOINT in %.0f s", e.getKey(), l.seconds(), l.sealed(), l.sealSeconds(),
                                l.sealed() / l.sealSeconds(), l.prepareSeconds())
                        : String.format("- %,d e-mails: loaded in %.0f s, VACUUM ANALYZE and CHECKPOINT in %.0f s",
                                e.getKey(), l.seconds(), l.prepareSeconds()));
            }
        }
        out.line("");
        StringBuilder h = new StringBuilder("| call |");
        StringBuilder sep = new StringBuilder("|---|");
        for (int n : sizes) {
            h.append(String.format(" p50 / p95 µs at %,d |", n));
            sep.append("---|");
        }
        h.append(String.format(" p95 %,d / p95 %,d | target ≤ 1.5 |", sizes[sizes.length - 1], sizes[0]));
        sep.append("---|---|");
        out.line(h.toString());
        out.line(sep.toString());
        for (var e : results.entrySet()) {
            StringBuilder row = new StringBuilder("| " + e.getKey() + " |");
            for (int n : sizes) {
                Point p = e.getValue().get(n);
                row.append(String.format(" %.0f / %.0f |", p.p50us(), p.p95us()));
            }
            double ratio = e.getValue().get(sizes[sizes.length - 1]).p95us() / e.getValue().get(sizes[0]).p95us();
            String met = e.getKey().endsWith("CommonWord") ? "(not a target: cost grows with the matches)"
                    : ratio <= 1.5 ? "yes" : "no";
            row.append(String.format(" %.2f | %s |", ratio, met));
            out.line(row.toString());
        }
        out.line("");
        out.line(String.format("Plans at %,d rows (EXPLAIN (GENERIC_PLAN) of the SQL each call sent, captured on the wire):", sizes[sizes.length - 1]));
        out.line("");
        for (var e : plans.entrySet()) {
            out.line("**" + e.getKey() + "**");
            out.line("```");
            e.getValue().forEach(out::line);
            out.line("```");
        }
        out.line("");
    }

    static void load(Fixture f, int n) throws Exception {
        try (Connection c = f.pool.getConnection(); Statement s = c.createStatement()) {
            // One transaction: behind PgBouncer's transaction pooling, session state (the search_path,
            // the temporary table gu) would not reach the next statement, which may run on another
            // server connection.
            c.setAutoCommit(false);
            s.execute("SET LOCAL search_path = portal");
            s.execute("INSERT INTO users (email, display_name, password_hash, password_changed_at)"
                    + " SELECT 'g' || i || '@bench.test', 'G ' || i, '$2a$04$abcdefghijklmnopqrstuu0123456789012345678901234567890', now()"
                    + " FROM generate_series(1, " + n + ") i");
            s.execute("CREATE TEMP TABLE gu ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY email) AS i, id FROM users WHERE email LIKE 'g%@bench.test'");
            s.execute("CREATE INDEX ON gu (i)");
            s.execute("ANALYZE gu");
            // Seen "in an hour": the 1M load takes minutes, longer than auth's one-minute last_seen_at
            // resolution, and a due write would turn authenticate into a write at one size and not the other.
            s.execute("INSERT INTO auth_sessions (user_id, token_hash, created_at, last_seen_at, expires_at)"
                    + " SELECT id, sha256(convert_to('tok' || lpad(i::text, 40, '0'), 'UTF8')), now(), now() + interval '1 hour',"
                    + " now() + interval '7 days' FROM gu");
            // Bookings: provider = one of 100 users, one per hour each; customer spread over all users.
            s.execute("INSERT INTO bookings (customer_id, provider_id, starts_at, ends_at, blocked_from, blocked_until, time_zone,"
                    + " title, status, confirmed_at)"
                    + " SELECT c.id, p.id, b.t, b.t + interval '30 minutes', b.t, b.t + interval '30 minutes', 'UTC', 'Loaded', 'CONFIRMED', now()"
                    + " FROM generate_series(0, " + (n - 1) + ") g"
                    + " CROSS JOIN LATERAL (SELECT date_trunc('day', now()) + interval '3 days' + (g / 100) * interval '1 hour' AS t) b"
                    + " JOIN gu p ON p.i = 1 + g % 100 JOIN gu c ON c.i = 1 + (g * 7 + 101) % " + n);
            // Plain INSERTs, like every audited write; over a year of monthly partitions once core partitions
            // activity_logs (GrowthLogs.activityInsert).
            boolean partitioned = GrowthLogs.ensureActivityPartitions(s);
            GrowthLogs.chunked(null, s, "activity_logs", n, GrowthLogs.CHUNK,
                    (lo, hi) -> GrowthLogs.activityInsert(partitioned, n, lo, hi, "JOIN gu u ON u.i = g"));
            // Messages: 10 per recipient at every size, so the unread count reads the same amount.
            s.execute("INSERT INTO email_messages (id, thread_id, sender_id, recipient_id, subject, body)"
                    + " SELECT m.id, m.id, s.id, r.id, 'Hello', 'Body ' || g"
                    + " FROM generate_series(1, " + n + ") g CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id, g AS k) m"
                    + " JOIN gu r ON r.i = 1 + g % " + Math.max(1, n / 10) + " JOIN gu s ON s.i = 1 + (g + 1) % " + n
                    + " WHERE r.id <> s.id");
            // Resource cards: 100 tags (1% of the cards each, so a tag's cards grow with the table);
            // in the body a rare word that 20 cards share at every size (w0 .. w<n/20>) and a common
            // word that 1% of the cards share (c0 .. c99).
            s.execute("INSERT INTO resource_cards (slug, title, summary, body, category, tags, author_id, status, published_at, position)"
                    + " SELECT 'card-' || g, 'Card ' || g, 'Summary of card ' || g, 'Body text with word w' || (g % " + rareWords(n)
                    + ") || ' and c' || (g % 100) || ' and more text',"
                    + " 'guides', ARRAY['t' || (g % 100)], NULL, 'PUBLISHED', now(), g % 50"
                    + " FROM generate_series(1, " + n + ") g");
            c.commit();
        }
        GrowthLogs.loadEmailLogs(f, n, null);
        // A trail in use is sealed: the loaded rows are sealed here, untimed, by the sealer itself
        // (ActivityLog.seal(), the same batches the background sealer makes), so no sealer works
        // through the backlog while the reads below are measured.
        Services.of(f.portal).log().seal();
        try (Connection c = f.pool.getConnection(); Statement s = c.createStatement()) {
            // A database in use, not one just bulk-loaded: visibility and hint bits set, no dirty pages
            // left for a reader to write out before it can read.
            s.execute("VACUUM ANALYZE");
            s.execute("CHECKPOINT");
        }
    }

    static int rareWords(int n) {
        return Math.max(1, n / 20);
    }

    static String token(int i) {
        return "tok" + "0".repeat(40 - Integer.toString(i).length()) + i;
    }

    static Map<String, Runnable> calls(Fixture f, int n, boolean counted, Tables tables) throws Exception {
        return switch (tables) {
            case ALL -> calls(f, n, counted);
            case LOGS -> GrowthLogs.calls(f, n, counted);
            case OUTBOX -> GrowthLogs.outboxCalls(f, counted);
        };
    }

    static Map<String, Runnable> calls(Fixture f, int n, boolean counted) throws Exception {
        Services sv = Services.of(counted ? f.countedPortal : f.portal);
        List<UUID> recipients = new ArrayList<>();
        UUID provider;
        long newestSeq;
        try (Connection c = f.pool.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT recipient_id FROM portal.email_messages GROUP BY recipient_id LIMIT 1000")) {
                while (rs.next()) {
                    recipients.add((UUID) rs.getObject(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT provider_id FROM portal.bookings WHERE title = 'Loaded' LIMIT 1")) {
                rs.next();
                provider = (UUID) rs.getObject(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT max(seq) FROM portal.activity_logs")) {
                rs.next();
                newestSeq = rs.getLong(1);
            }
        }
        Instant from = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(3, ChronoUnit.DAYS)
                .plus((long) (n / 100) / 2, ChronoUnit.HOURS);
        Instant to = from.plus(1, ChronoUnit.DAYS);
        // Keyset cursor for "past row 90%": rows are ordered newest first, so 90% down is seq ≈ 10%.
        String deep = Cursors.encode(newestSeq - (long) (n * 0.9));
        Map<String, Runnable> m = new LinkedHashMap<>();
        m.put("authenticate", () -> HotCalls.need(sv.auth().authenticate(token(1 + ThreadLocalRandom.current().nextInt(n))).isPresent()));
        m.put("findUserByEmail", () -> HotCalls.need(sv.users().findByEmail("g" + (1 + ThreadLocalRandom.current().nextInt(n)) + "@bench.test").isPresent()));
        m.put("providerBookingsInRange", () -> HotCalls.need(!sv.bookings().forProvider(provider, from, to, PageRequest.first(20)).items().isEmpty()));
        m.put("activityDeepPage", () -> HotCalls.need(sv.log().find(ActivityQuery.all(), new PageRequest(deep, 20)).items().size() == 20));
        m.put("unreadCount", () -> HotCalls.need(sv.messages().unreadCount(recipients.get(ThreadLocalRandom.current().nextInt(recipients.size()))) > 0));
        m.put("publishedByTag", () -> HotCalls.need(!sv.resources().list(new CardQuery(Audience.READER, null,
                "t" + ThreadLocalRandom.current().nextInt(100), null), PageRequest.first(20)).items().isEmpty()));
        m.put("fullTextSearch", () -> HotCalls.need(!sv.resources().search("w" + ThreadLocalRandom.current().nextInt(rareWords(n)),
                Audience.READER, PageRequest.first(20)).items().isEmpty()));
        // The outbox claim as deliverPending sends it (10 rows, committed; the rows queued again untimed),
        // and the backlog count over the same partial index.
        m.put("outboxClaim", claimAndRequeue(f.pool, f.pool));
        m.put("outboxStatus", () -> HotCalls.need(sv.email().outboxStatus().waiting() == 100));
        // Not a target row: a word on 1% of the cards; ranking reads every match, so it grows with them.
        m.put("fullTextSearchCommonWord", () -> HotCalls.need(!sv.resources().search("c" + ThreadLocalRandom.current().nextInt(100),
                Audience.READER, PageRequest.first(20)).items().isEmpty()));
        return m;
    }

    /** EmailLogMapper.xml "claim", with its parameters in the mapper's order (now, limit, lease, token, now). */
    private static final String CLAIM = """
            WITH due AS (
                SELECT id, created_at FROM portal.email_logs
                 WHERE status IN ('QUEUED', 'SENDING') AND due_at <= ?
                 ORDER BY due_at
                 LIMIT ?
                   FOR UPDATE SKIP LOCKED
            )
            UPDATE portal.email_logs e
               SET status = 'SENDING', attempts = e.attempts + 1, due_at = ?, claim_token = ?
              FROM due
             WHERE e.id = due.id AND e.created_at = due.created_at
               AND e.status IN ('QUEUED', 'SENDING') AND e.due_at <= ?
            RETURNING e.id, e.message_id, e.from_address, e.to_address, e.subject, e.html_body, e.text_body,
                      e.attempts, e.claim_token, e.template_key""";

    /** What a retry does to a claimed row (status, due again, no token), here a minute in the past. */
    private static final String REQUEUE = """
            UPDATE portal.email_logs SET status = 'QUEUED', attempts = 0, due_at = now() - interval '1 minute', claim_token = NULL
             WHERE id = ANY (?) AND claim_token = ?""";

    /**
     * The claim of deliverPending as it runs: 10 due rows, prepared (pgjdbc then reuses the server-side
     * statement and its plan, as for MyBatis), in its own transaction, committed; only that is timed.
     * Then, untimed, on {@code requeuePool}, the claimed rows are queued again as a retry would, due a
     * minute ago: the next call claims the 10 longest due, so the calls cycle through the same 100 rows
     * at every size, each written twice per cycle as in use (the claim, then its result). Not rolled back:
     * a rolled-back claim stacks dead versions on the same rows, call after call, which no worker does.
     */
    static Measure.Timed claimAndRequeue(DataSource claimPool, DataSource requeuePool) {
        return () -> {
            UUID token = UUID.randomUUID();
            List<UUID> ids = new ArrayList<>();
            long elapsed;
            try (Connection c = claimPool.getConnection()) {
                long t0 = System.nanoTime();
                c.setAutoCommit(false);
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
                    ps.setObject(1, now);
                    ps.setInt(2, 10);
                    ps.setObject(3, now.plusMinutes(5));
                    ps.setObject(4, token);
                    ps.setObject(5, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add((UUID) rs.getObject(1));
                        }
                    }
                }
                c.commit();
                elapsed = System.nanoTime() - t0;
                c.setAutoCommit(true);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            try (Connection c = requeuePool.getConnection(); PreparedStatement ps = c.prepareStatement(REQUEUE)) {
                ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                ps.setObject(2, token);
                HotCalls.need(ps.executeUpdate() == ids.size());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            HotCalls.need(ids.size() == 10);
            return elapsed;
        };
    }

    void explain(Fixture f, int n, Tables tables) throws Exception {
        Map<String, Runnable> counted = calls(f, n, true, tables);
        for (var e : counted.entrySet()) {
            f.counter.record(true);
            e.getValue().run();
            f.counter.record(false);
            List<String> lines = new ArrayList<>();
            for (String sql : f.counter.recorded()) {
                if (sql.startsWith("--") || sql.equals("BEGIN") || sql.equals("COMMIT") || sql.equals("ROLLBACK") || sql.isBlank()) {
                    continue;
                }
                lines.add("-- " + sql);
                // Simple query protocol: the text keeps its $n placeholders, which GENERIC_PLAN accepts.
                try (Connection c = java.sql.DriverManager.getConnection(f.db.jdbcUrl()
                        + (f.db.jdbcUrl().contains("?") ? "&" : "?") + "preferQueryMode=simple", f.db.username(), f.db.password());
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("EXPLAIN (GENERIC_PLAN) " + sql)) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                } catch (Exception ex) {
                    lines.add("(no plan: " + ex.getMessage() + ")");
                }
            }
            plans.put(e.getKey(), lines);
        }
    }
}
