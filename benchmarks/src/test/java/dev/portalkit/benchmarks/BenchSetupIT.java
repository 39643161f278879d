package dev.portalkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.AuditCheckpoint;
import dev.portalkit.core.Portal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Not a benchmark: checks once, untimed, that the section-1 set-up works, that every hot call
 * runs on both sides, and that the wire counter sees the round trips (so a broken benchmark
 * shows up in {@code mvn verify} rather than at measurement time).
 */
class BenchSetupIT {

    @Test
    void everyHotCallRunsThroughPortalKitAndRawJdbcAndItsRoundTripsAreCounted() throws Exception {
        try (Fixture f = new Fixture(4, 2)) {
            HotCalls d = new HotCalls(f.portal);
            Map<String, Runnable> pk = HotCalls.portalKit(f.countedPortal, d);
            Map<String, Runnable> raw = Raw.calls(f.countedPool, d);
            assertThat(raw.keySet()).containsExactlyElementsOf(pk.keySet());
            assertThat(OverheadBench.MINIMUM.keySet()).containsExactlyInAnyOrderElementsOf(pk.keySet());
            for (String call : pk.keySet()) {
                // First calls on a connection add the driver's one-off type look-ups.
                pk.get(call).run();
                raw.get(call).run();
                f.counter.record(true);
                long before = f.counter.roundTrips();
                pk.get(call).run();
                long pkTrips = f.counter.roundTrips() - before;
                List<String> pkSql = f.counter.recorded();
                f.counter.record(true);
                before = f.counter.roundTrips();
                raw.get(call).run();
                long rawTrips = f.counter.roundTrips() - before;
                List<String> rawSql = f.counter.recorded();
                f.counter.record(false);
                // Same statements, same text, same order: a baseline that skips a check PortalKit
                // makes (or makes one PortalKit dropped) measures different work.
                assertThat(rawSql).as(call + ": raw statements against PortalKit's").containsExactlyElementsOf(pkSql);
                assertThat(pkTrips).as(call + " through PortalKit").isGreaterThanOrEqualTo(OverheadBench.MINIMUM.get(call));
                // The baseline sends PortalKit's SQL: the same round trips, or it is out of date.
                assertThat(rawTrips).as(call + " raw, against PortalKit's " + pkTrips).isEqualTo(pkTrips);
            }
        }
    }

    @Test
    void aSingleThreadedMeasurementCountsCallsAndPercentiles() {
        Measure.Result r = Measure.run(() -> { }, 1, 10, 50);
        assertThat(r.ops()).isPositive();
        assertThat(r.p50us()).isLessThanOrEqualTo(r.p99us());
    }

    /**
     * The audit section's set-up: the unaudited Portal really writes no audit rows (and the audited
     * one does, for every write of the mix), the timed Portal's sealer seals them and reports each
     * checkpoint, the seal-lag run matches every row it measured to a checkpoint, and a bulk-loaded
     * trail is sealed and verifies from the checkpoint before it.
     */
    @Test
    void theAuditSectionsPortalsDifferInAuditRowsAndItsSealsAndVerificationWork() throws Exception {
        try (Fixture f = new Fixture(4, 2)) {
            HotCalls d = new HotCalls(f.portal);
            ActivityLog log = Services.of(f.portal).log();
            long rows = count(f, "SELECT count(*) FROM portal.activity_logs");
            long users = count(f, "SELECT count(*) FROM portal.users");
            long bookings = count(f, "SELECT count(*) FROM portal.bookings");
            try (Portal off = AuditBench.unaudited(f)) {
                Runnable unaudited = AuditBench.mix(off, d, null);
                for (int i = 0; i < 2 * AuditBench.WRITES.size(); i++) {
                    unaudited.run();
                }
            }
            assertThat(System.getProperty(dev.portalkit.core.internal.AuditWriter.INTERNAL_WRITING_PROPERTY))
                    .as("the switch is set only while the unaudited Portal is built").isNull();
            assertThat(count(f, "SELECT count(*) FROM portal.users")).as("registrations through the unaudited Portal").isEqualTo(users + 2);
            assertThat(count(f, "SELECT count(*) FROM portal.bookings")).as("bookings through the unaudited Portal").isEqualTo(bookings + 2);
            assertThat(count(f, "SELECT count(*) FROM portal.activity_logs")).as("audit rows written with the switch off").isEqualTo(rows);

            List<AuditCheckpoint> received = new CopyOnWriteArrayList<>();
            f.onCheckpoint = received::add;
            Map<String, Long> commits = new ConcurrentHashMap<>();
            Runnable audited = AuditBench.mix(f.portal, d, commits);
            for (int i = 0; i < AuditBench.WRITES.size(); i++) {
                audited.run();
            }
            // Every write of the mix (book, charge, queueEmail, register) writes at least one row under its request id.
            for (String id : commits.keySet()) {
                assertThat(count(f, "SELECT count(*) FROM portal.activity_logs WHERE request_id = '" + id + "'"))
                        .as("audit rows of " + id).isPositive();
            }
            log.seal();
            f.onCheckpoint = cp -> { };
            assertThat(received).as("checkpoints handed to the listener").isNotEmpty();
            assertThat(count(f, "SELECT count(*) FROM portal.activity_logs l WHERE NOT EXISTS"
                    + " (SELECT 1 FROM portal.activity_log_seals s WHERE s.seq = l.seq)")).as("rows left unsealed").isZero();

            Summary summary = new Summary();
            AuditBench bench = new AuditBench();
            bench.sealLag(f, d, new Report(), 300, summary);
            assertThat(summary.sealLagP95Ms).as("seal lag p95 of every measured row (finite: each matched a checkpoint)")
                    .isFinite();
            // Throws unless verify(from, newest) is intact and checked exactly the loaded rows.
            bench.large(f, new Report(), 500, summary);
            assertThat(summary.largeRows).isEqualTo(500);
            assertThat(log.verify().intact()).as("the whole trail verifies").isTrue();
        }
    }

    /**
     * {@code growth --tables=logs}: the load fills the log tables only (n audit rows, n messages at 10 per
     * recipient, n e-mails of which 100 due), seals every audit row with no background sealer, and every
     * call of the mode runs, timed and counted.
     */
    @Test
    void theLogsGrowthLoadFillsOnlyTheLogTablesSealsTheTrailAndEveryCallRuns() throws Exception {
        int n = GrowthLogs.MIN_SIZE;
        try (Fixture f = new Fixture(4, 2, false)) {
            GrowthLogs.Load load = GrowthLogs.load(f, n, new Report());
            assertThat(load.sealed()).as("audit rows sealed by seal()").isGreaterThanOrEqualTo(n);
            assertThat(count(f, "SELECT count(*) FROM portal.activity_logs WHERE action = 'bench.loaded'")).isEqualTo(n);
            assertThat(count(f, "SELECT count(*) FROM portal.activity_logs l WHERE NOT EXISTS"
                    + " (SELECT 1 FROM portal.activity_log_seals s WHERE s.seq = l.seq)")).as("rows left unsealed").isZero();
            assertThat(count(f, "SELECT count(*) FROM portal.email_messages")).isEqualTo(n);
            assertThat(count(f, "SELECT count(DISTINCT recipient_id) FROM portal.email_messages")).isEqualTo(n / 10);
            assertThat(count(f, "SELECT max(c) - min(c) FROM (SELECT count(*) AS c FROM portal.email_messages GROUP BY recipient_id) x"))
                    .as("messages per recipient, all alike").isZero();
            assertThat(count(f, "SELECT count(*) FROM portal.email_messages m JOIN portal.users u ON u.id = m.recipient_id"))
                    .as("recipients are loaded users").isEqualTo(n);
            assertThat(count(f, "SELECT count(*) FROM portal.email_logs WHERE template_key = 'bench-growth'")).isEqualTo(n);
            assertThat(count(f, "SELECT count(*) FROM portal.email_logs WHERE status = 'QUEUED'")).isEqualTo(100);
            assertThat(count(f, "SELECT count(*) FROM portal.bookings")).as("not a log table").isZero();
            assertThat(count(f, "SELECT count(*) FROM portal.resource_cards")).as("not a log table").isZero();
            for (boolean counted : new boolean[] {false, true}) {
                Map<String, Runnable> calls = GrowthLogs.calls(f, n, counted);
                assertThat(calls).containsOnlyKeys("activityFirstPage", "activityDeepPage", "unreadCount", "outboxClaim", "outboxStatus");
                calls.values().forEach(Runnable::run);
            }
        }
        assertThat(GrowthBench.Tables.parse("logs")).isEqualTo(GrowthBench.Tables.LOGS);
        assertThat(GrowthBench.Tables.parse("all")).isEqualTo(GrowthBench.Tables.ALL);
        assertThat(GrowthBench.Tables.parse("outbox")).isEqualTo(GrowthBench.Tables.OUTBOX);
        assertThatIllegalArgumentException().isThrownBy(() -> GrowthBench.Tables.parse("log"))
                .withMessageContaining("all, logs or outbox");
    }

    /**
     * {@code growth --tables=outbox}: n e-mails and nothing else, and the claim cycles through the same
     * 100 due rows: more calls than rows leave them all due again, unclaimed, with the count at 100.
     */
    @Test
    void theOutboxGrowthLoadFillsOnlyTheEmailLogAndTheClaimLeavesTheSameHundredDue() throws Exception {
        int n = GrowthLogs.MIN_SIZE;
        try (Fixture f = new Fixture(4, 2, false)) {
            GrowthLogs.Load load = GrowthLogs.loadOutbox(f, n, new Report());
            assertThat(load.seconds()).isPositive();
            assertThat(count(f, "SELECT count(*) FROM portal.email_logs WHERE template_key = 'bench-growth'")).isEqualTo(n);
            assertThat(count(f, "SELECT count(*) FROM portal.activity_logs WHERE action = 'bench.loaded'")).isZero();
            assertThat(count(f, "SELECT count(*) FROM portal.email_messages")).isZero();
            for (boolean counted : new boolean[] {false, true}) {
                Map<String, Runnable> calls = GrowthLogs.outboxCalls(f, counted);
                assertThat(calls).containsOnlyKeys("outboxClaim", "outboxStatus");
                Measure.Timed claim = (Measure.Timed) calls.get("outboxClaim");
                for (int i = 0; i < 25; i++) {
                    assertThat(claim.timedRun()).as("the claim's own nanoseconds").isPositive();
                }
                calls.get("outboxStatus").run();
            }
            assertThat(count(f, "SELECT count(*) FROM portal.email_logs WHERE status = 'QUEUED' AND claim_token IS NULL"
                    + " AND attempts = 0 AND due_at <= now()")).as("all due again after 50 claims of 10").isEqualTo(100);
            assertThat(count(f, "SELECT count(*) FROM portal.email_logs WHERE status = 'SENDING'")).isZero();
        }
    }

    @Test
    void aRowIsSealedByTheFirstCheckpointAtOrPastItsPosition() {
        long[][] cps = {{10, 100}, {20, 200}, {35, 300}};
        assertThat(AuditBench.firstAtOrPast(cps, 1)).isZero();
        assertThat(AuditBench.firstAtOrPast(cps, 10)).isZero();
        assertThat(AuditBench.firstAtOrPast(cps, 11)).isEqualTo(1);
        assertThat(AuditBench.firstAtOrPast(cps, 35)).isEqualTo(2);
        assertThat(AuditBench.firstAtOrPast(cps, 36)).isEqualTo(-1);
    }

    private static long count(Fixture f, String sql) throws Exception {
        try (Connection c = f.pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
