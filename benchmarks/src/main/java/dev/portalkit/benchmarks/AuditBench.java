package dev.portalkit.benchmarks;

import dev.portalkit.auth.NewUser;
import dev.portalkit.billing.ChargeRequest;
import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.AuditCheckpoint;
import dev.portalkit.core.AuditVerification;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.internal.AuditWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit trail (issue #17): what auditing costs audited writes as threads are added, how long a
 * committed row waits for its seal at the peak write rate, and how long sealing and verifying a
 * large trail take. See BENCHMARKS.md, "Audit trail", for the method.
 */
final class AuditBench {

    static final int[] THREADS = {1, 2, 8};
    /** The four audited writes of the mix, taken in turn: HotCalls' three writes and a registration. */
    static final List<String> WRITES = List.of("book", "charge", "queueEmail", "register");

    /**
     * A Portal on the fixture's pool that writes no audit rows (core's internal benchmark switch,
     * read once per Portal when it is built, so two Portals in one JVM differ; the property is set
     * only while this one is built). No sealer: it has nothing to seal, and the audited Portal's
     * sealer is the one whose cost is measured.
     */
    static Portal unaudited(Fixture f) {
        String key = AuditWriter.INTERNAL_WRITING_PROPERTY;
        synchronized (System.getProperties()) {
            String before = System.getProperty(key);
            System.setProperty(key, "off");
            try {
                return Portal.builder().dataSource(f.pool).schema(Fixture.SCHEMA).migration(MigrationMode.NONE)
                        .settings(HotCalls.SITE_NAME).backgroundSealing(false)
                        .install(Fixture.modules(4).toArray(PortalModule[]::new)).build();
            } finally {
                if (before == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, before);
                }
            }
        }
    }

    /**
     * The write mix through {@code p}: each call makes the next of {@link #WRITES}. With
     * {@code commits}, each call carries its own request id (stored in its audit rows) and records
     * {@code System.nanoTime()} under it right after the call, i.e. after its COMMIT returned.
     */
    static Runnable mix(Portal p, HotCalls d, Map<String, Long> commits) {
        Services sv = Services.of(p);
        CallContext base = CallContext.of(d.users.get(0).id(), "127.0.0.1", "bench");
        AtomicLong n = new AtomicLong();
        String prefix = "lag-" + d.runId + "-";
        return () -> {
            long k = n.incrementAndGet();
            String id = commits == null ? null : prefix + k;
            write(sv, d, (int) (k % WRITES.size()), id == null ? base : base.withRequestId(id));
            if (commits != null) {
                commits.put(id, System.nanoTime());
            }
        };
    }

    static void write(Services sv, HotCalls d, int which, CallContext ctx) {
        long k = d.sequence.incrementAndGet();
        switch (which) {
            case 0 -> sv.bookings().book(d.nextBooking(), ctx);
            case 1 -> sv.payments().charge(ChargeRequest.of(d.users.get((int) (k % HotCalls.USERS)).id(), 1999, "EUR",
                    "Bench", "audit-" + d.runId + "-" + k), ctx);
            case 2 -> sv.email().queue("bench.welcome", "en", "to" + (k % 1000) + "@bench.test", Map.of("name", "Ann"),
                    "audit-mail-" + d.runId + "-" + k, ctx);
            default -> sv.users().register(NewUser.member("reg" + k + "-" + d.runId + "@bench.test", HotCalls.PASSWORD,
                    "Registered " + k), ctx);
        }
    }

    void run(Fixture f, HotCalls d, Report out, boolean full, int largeRows, Summary summary) throws Exception {
        ActivityLog log = Services.of(f.portal).log();
        out.line("## Audit trail (issue #17): lock-free audited writes, background sealing, verification");
        out.line("");
        try (Portal off = unaudited(f)) {
            Runnable on = mix(f.portal, d, null);
            Runnable unaudited = mix(off, d, null);
            Rounds.Plan plan = Rounds.Plan.audit(full);
            Rounds.warm(unaudited, on, plan);
            out.line("Audited writes (" + String.join(", ", WRITES) + ", in turn) with auditing on against the same"
                    + " writes with core's internal switch off (another Portal on the same pool); the sealer's"
                    + " backlog is drained, untimed, before every window:");
            out.line("");
            out.line("| threads | rounds | audited / unaudited (median of rounds) | target | IQR of round ratios | range"
                    + " | audited ops/s | unaudited ops/s | audited p50/p99 µs | unaudited p50/p99 µs |");
            out.line("|---|---|---|---|---|---|---|---|---|---|");
            for (int threads : THREADS) {
                Rounds.Comparison c = Rounds.compare(unaudited, on, threads, plan, log::seal);
                summary.auditScaling.put(threads, c.median());
                Measure.Result p = c.pkCombined();
                Measure.Result r = c.baseCombined();
                boolean target = threads == 8;
                out.line(String.format("| %d | %d | %.2f%s | %s | %.2f–%.2f | %.2f–%.2f | %.0f | %.0f | %.0f / %.0f | %.0f / %.0f |",
                        threads, c.rounds(), c.median(), target && c.median() < Summary.AUDIT_SCALING_TARGET ? " ✗" : "",
                        target ? "≥ 0.8" : "(context)", c.q1(), c.q3(), c.lo(), c.hi(), p.opsPerSec(), r.opsPerSec(),
                        p.p50us(), p.p99us(), r.p50us(), r.p99us()));
            }
            out.line("");
        }
        sealLag(f, d, out, full ? 15_000 : 5_000, summary);
        large(f, out, largeRows, summary);
    }

    /**
     * Seal lag at 8 threads: every call's commit time on the client (right after it returns), every
     * checkpoint's arrival in {@code onAuditCheckpoint} (right after the sealer's commit); a row is
     * sealed when the first checkpoint at or past its position arrives. Rows of calls that returned
     * in the warm-up are left out.
     */
    void sealLag(Fixture f, HotCalls d, Report out, long measure, Summary summary) throws Exception {
        ActivityLog log = Services.of(f.portal).log();
        log.seal();
        long startSeq = scalar(f, "SELECT coalesce(max(seq), 0) FROM portal.activity_logs");
        Map<String, Long> commits = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<long[]> arrivals = new ConcurrentLinkedQueue<>();
        f.onCheckpoint = cp -> arrivals.add(new long[] {cp.position(), System.nanoTime()});
        long warm = 1000;
        Measure.Result load;
        long measuredFrom;
        try {
            measuredFrom = System.nanoTime() + warm * 1_000_000;
            load = Measure.run(mix(f.portal, d, commits), 8, warm, measure);
            // The background sealer finishes what was written last (at most about one interval).
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (scalar(f, "SELECT count(*) FROM portal.activity_logs l WHERE l.seq > " + startSeq
                    + " AND NOT EXISTS (SELECT 1 FROM portal.activity_log_seals s WHERE s.seq = l.seq)") > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            f.onCheckpoint = cp -> { };
        }
        long[][] cps = arrivals.toArray(long[][]::new);
        Arrays.sort(cps, (a, b) -> Long.compare(a[0], b[0]));
        List<Double> lags = new ArrayList<>();
        long unsealed = 0;
        try (Connection c = f.pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT l.request_id, s.position FROM portal.activity_logs l"
                     + " LEFT JOIN portal.activity_log_seals s ON s.seq = l.seq"
                     + " WHERE l.seq > " + startSeq + " AND l.request_id LIKE 'lag-%'")) {
            while (rs.next()) {
                Long committed = commits.get(rs.getString(1));
                if (committed == null || committed < measuredFrom) {
                    continue;
                }
                long position = rs.getLong(2);
                int i = rs.wasNull() ? -1 : firstAtOrPast(cps, position);
                if (i < 0) {
                    unsealed++;
                    continue;
                }
                lags.add((cps[i][1] - committed) / 1e6);
            }
        }
        double[] ms = lags.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double p50 = Rounds.quantile(ms, 0.5);
        double p95 = Rounds.quantile(ms, 0.95);
        summary.sealLagP95Ms = unsealed == 0 ? p95 : Double.POSITIVE_INFINITY;
        out.line(String.format("Seal lag: 8 threads, the same write mix through the audited Portal (background sealer"
                + " every 500 ms, the default), %.0f s measured after 1 s: %,.0f calls/s; %,d audit rows of calls that"
                + " returned in the measured part; %d checkpoints (batches) arrived.", measure / 1000.0,
                load.opsPerSec(), ms.length + unsealed, cps.length));
        out.line("");
        out.line("| measure | value | target | met |");
        out.line("|---|---|---|---|");
        out.line(String.format("| seal lag p50 / p95 / max (ms) | %.0f / %.0f / %.0f | p95 ≤ 1000 | %s |", p50, p95,
                ms.length == 0 ? Double.NaN : ms[ms.length - 1], summary.sealLagP95Ms <= 1000 ? "yes" : "**no**"));
        if (unsealed > 0) {
            out.line(String.format("| rows not sealed 30 s after the load stopped | %,d | 0 | **no** |", unsealed));
        }
        out.line("");
    }

    /** The first checkpoint (sorted by position) whose position is at or past {@code position}, or -1. */
    static int firstAtOrPast(long[][] sorted, long position) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid][0] < position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < sorted.length ? lo : -1;
    }

    /**
     * {@code rows} audit rows bulk-loaded as the owner (one INSERT ... generate_series, rows shaped
     * like a booking's), sealed by {@code seal()} and then verified from the checkpoint before them
     * to the newest, through the audited Portal with its default statement timeout.
     */
    void large(Fixture f, Report out, int rows, Summary summary) throws Exception {
        ActivityLog log = Services.of(f.portal).log();
        log.seal();
        AuditCheckpoint from = newestCheckpoint(f, log);
        long t0 = System.nanoTime();
        load(f, rows);
        double loadMs = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        long sealed = 0;
        long n;
        do {
            n = log.seal().rowsSealed();
            sealed += n;
        } while (n > 0);
        double sealMs = (System.nanoTime() - t0) / 1e6;
        AuditCheckpoint newest = newestCheckpoint(f, log);
        // A trail being verified is an old one: vacuumed (hint bits and visibility set), not fresh.
        try (Connection c = f.db.directDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE portal.activity_logs, portal.activity_log_seals");
        }
        t0 = System.nanoTime();
        AuditVerification v = log.verify(from, newest);
        double verifyMs = (System.nanoTime() - t0) / 1e6;
        if (!v.intact() || v.rowsChecked() != rows || newest.position() - from.position() != rows) {
            throw new IllegalStateException("verify of " + rows + " loaded rows: " + v + "; from " + from.position()
                    + " to " + newest.position() + ", sealed by this run " + sealed);
        }
        summary.largeRows = rows;
        summary.sealLargeMs = sealMs;
        summary.verifyLargeMs = verifyMs;
        out.line(String.format("%,d audit rows bulk-loaded in %.1f s (one INSERT ... generate_series as the owner), then"
                + " sealed and verified through the audited Portal (statement timeout 30 s, the default):", rows, loadMs / 1000));
        out.line("");
        out.line("| measure | value | rows/s | target | met |");
        out.line("|---|---|---|---|---|");
        out.line(String.format("| seal %,d rows: `seal()` until it seals nothing (%,d batches of 1,000) | %.0f ms | %,.0f | (figure) | — |",
                rows, (rows + 999) / 1000, sealMs, rows / (sealMs / 1000)));
        out.line(String.format("| `verify(from, newest)` over them, `from` = the checkpoint before the load | %.0f ms (%,d rows checked, intact) | %,.0f | %s | %s |",
                verifyMs, v.rowsChecked(), rows / (verifyMs / 1000), rows == 1_000_000 ? "≤ 10000 ms" : "(≤ 10000 ms at 1M)",
                rows != 1_000_000 ? "—" : verifyMs <= 10_000 ? "yes" : "**no**"));
        out.line("");
    }

    static AuditCheckpoint newestCheckpoint(Fixture f, ActivityLog log) throws Exception {
        long last = scalar(f, "SELECT coalesce(max(position), 0) FROM portal.activity_log_checkpoints");
        if (last == 0) {
            throw new IllegalStateException("no checkpoint yet: nothing was sealed");
        }
        return log.checkpoints(last - 1, 1).get(0);
    }

    /** Rows shaped like a booking's audit row (actor snapshot, after-state, client), in one transaction. */
    static void load(Fixture f, int rows) throws Exception {
        try (Connection c = f.db.directDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO portal.activity_logs (occurred_at, actor_id, actor_email, actor_role, action, entity_type,"
                    + " entity_id, after, ip, user_agent, request_id)"
                    + " SELECT now() - (" + rows + " - g) * interval '1 ms', a.id, a.email, 'member', 'booking.created', 'booking',"
                    + " gen_random_uuid(), jsonb_build_object('status', 'CONFIRMED', 'startsAt', now() + g * interval '1 minute'),"
                    + " '127.0.0.1', 'bench', 'load-' || g"
                    + " FROM generate_series(1, " + rows + ") g, (SELECT id, email FROM portal.users ORDER BY created_at LIMIT 1) a");
        }
    }

    static long scalar(Fixture f, String sql) throws Exception {
        try (Connection c = f.pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
