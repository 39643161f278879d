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
        // geomean of 1.0, 0.64, 0.79, 0.80 = (0.404...)^(1/4) = 0.797...; their mean would be 0.81.
        assertThat(s.lines(12.4)).containsExactly(
                "elapsed=12s",
                "ratio_min=0.64",
                "ratio_geomean=0.80",
                "rows_below_0_8=2 (book@2 0.64, queueEmail@2 0.79)",
                "ratio_hibernate_min=1.00",
                "ratio_hibernate_geomean=2.00",
                "round_trips_excess=1");
    }

    @Test
    void aRowExactlyAtTheTargetIsNotBelowIt() {
        assertThat(Summary.below(List.of(new Summary.RowRatio("charge", 1, 0.8)), 0.8)).isEqualTo("0");
    }

    @Test
    void sectionsThatDidNotRunPrintNaN() {
        assertThat(new Summary().lines(1)).containsExactly(
                "elapsed=1s", "ratio_min=NaN", "ratio_geomean=NaN", "rows_below_0_8=NaN",
                "ratio_hibernate_min=NaN", "ratio_hibernate_geomean=NaN", "round_trips_excess=NaN");
    }
}
