package dev.portalkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary lines: built from each row's median, in one fixed order; untimed, no database. */
class SummaryTest {

    @Test
    void linesAreBuiltFromTheRowsMedians() {
        Summary s = new Summary();
        s.overhead.add(new Summary.RowRatio("findUserById", 1, 1.0));
        s.overhead.add(new Summary.RowRatio("book", 2, 0.64));
        s.overhead.add(new Summary.RowRatio("queueEmail", 2, 0.79));
        s.overhead.add(new Summary.RowRatio("charge", 1, 0.80));
        s.hibernate.add(new Summary.RowRatio("book", 8, 1.0));
        s.hibernate.add(new Summary.RowRatio("findUserByEmail", 1, 4.0));
        s.roundTripsExcess = 1;
        s.auditScaling.put(8, 0.83);
        s.auditScaling.put(1, 0.95);
        s.auditScaling.put(2, 0.9);
        s.sealLagP95Ms = 612.4;
        s.largeRows = 1_000_000;
        s.verifyLargeMs = 8123.6;
        s.sealLargeMs = 40000;
        // geomean of 1.0, 0.64, 0.79, 0.80 = (0.404...)^(1/4) = 0.797...; their mean would be 0.81.
        assertThat(s.lines(12.4)).containsExactly(
                "elapsed=12s",
                "ratio_min=0.64",
                "ratio_geomean=0.80",
                "rows_below_0_8=2 (book@2 0.64, queueEmail@2 0.79)",
                "ratio_hibernate_min=1.00",
                "ratio_hibernate_geomean=2.00",
                "round_trips_excess=1",
                "hibernate_book_8=1.00 (target ≥ 1.3)",
                "audit_scaling_ratio=0.83 (8 threads; 1: 0.95, 2: 0.90)",
                "seal_lag_p95_ms=612",
                "verify_1m_ms=8124",
                "seal_1m_ms=40000");
    }

    @Test
    void aRowExactlyAtTheTargetIsNotBelowIt() {
        assertThat(Summary.below(List.of(new Summary.RowRatio("charge", 1, 0.8)), 0.8)).isEqualTo("0");
    }

    @Test
    void sectionsThatDidNotRunPrintNaN() {
        assertThat(new Summary().lines(1)).containsExactly(
                "elapsed=1s", "ratio_min=NaN", "ratio_geomean=NaN", "rows_below_0_8=NaN",
                "ratio_hibernate_min=NaN", "ratio_hibernate_geomean=NaN", "round_trips_excess=NaN",
                "hibernate_book_8=NaN (target ≥ 1.3)", "audit_scaling_ratio=NaN", "seal_lag_p95_ms=NaN",
                "verify_1m_ms=NaN", "seal_1m_ms=NaN");
    }

    @Test
    void aSmallerVerifiedTrailIsNamedBySize() {
        Summary s = new Summary();
        s.largeRows = 100_000;
        s.verifyLargeMs = 900;
        s.sealLargeMs = 4000;
        assertThat(s.lines(1)).contains("verify_100k_ms=900", "seal_100k_ms=4000");
    }
}
