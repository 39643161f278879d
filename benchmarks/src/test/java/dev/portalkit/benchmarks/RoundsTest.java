package dev.portalkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statistics behind the section 1 and 2 tables and summary lines: pure arithmetic, no database, untimed. */
class RoundsTest {

    private static final Rounds.Plan PLAN = new Rounds.Plan(4, 10, 0.05, 0, 0, 0, 0);

    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        assertThat(Rounds.median(new double[] {0.9, 0.1, 0.5})).isEqualTo(0.5);
        assertThat(Rounds.median(new double[] {7})).isEqualTo(7);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Rounds.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Rounds.median(new double[] {0.8, 0.6})).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void medianIgnoresOneDisturbedRoundWhereAMeanWouldNot() {
        // One window hit by a checkpoint: the mean drops to 0.75, the median stays at 0.9.
        double[] ratios = {0.9, 0.9, 0.9, 0.3};
        assertThat(Rounds.median(ratios)).isCloseTo(0.9, within(1e-12));
        assertThat(Rounds.median(new double[] {0.9, 0.9, 0.9, 0.3, 0.9})).isEqualTo(0.9);
    }

    @Test
    void medianDoesNotReorderTheCallersArray() {
        double[] ratios = {3, 1, 2};
        Rounds.median(ratios);
        assertThat(ratios).containsExactly(3, 1, 2);
    }

    @Test
    void quantilesInterpolateBetweenRanks() {
        double[] s = {1, 2, 3, 4};
        assertThat(Rounds.quantile(s, 0.0)).isEqualTo(1);
        assertThat(Rounds.quantile(s, 0.25)).isCloseTo(1.75, within(1e-12));
        assertThat(Rounds.quantile(s, 0.5)).isCloseTo(2.5, within(1e-12));
        assertThat(Rounds.quantile(s, 0.75)).isCloseTo(3.25, within(1e-12));
        assertThat(Rounds.quantile(s, 1.0)).isEqualTo(4);
        assertThat(Rounds.quantile(new double[] {5}, 0.75)).isEqualTo(5);
    }

    @Test
    void geomeanIsTheGeometricNotTheArithmeticMean() {
        assertThat(Rounds.geomean(List.of(0.5, 2.0))).isCloseTo(1.0, within(1e-12));
        assertThat(Rounds.geomean(List.of(1.0, 4.0))).isCloseTo(2.0, within(1e-12));
        assertThat(Rounds.geomean(List.of(0.81, 0.81, 0.81))).isCloseTo(0.81, within(1e-12));
        assertThat(Rounds.geomean(List.of())).isNaN();
    }

    @Test
    void roundsAreAlwaysMeasuredUpToTheMinimumEvenWhenTheyAgree() {
        assertThat(Rounds.needMore(List.of(), PLAN)).isTrue();
        assertThat(Rounds.needMore(List.of(1.0, 1.0), PLAN)).isTrue();
        assertThat(Rounds.needMore(List.of(1.0, 1.0, 1.0), PLAN)).isTrue();
        assertThat(Rounds.needMore(List.of(1.0, 1.0, 1.0, 1.0), PLAN)).isFalse();
    }

    @Test
    void aTightRowStopsAtTheMinimumAndAWideOneGoesOnUntilTheCap() {
        // IQR 0.02 over 4 rounds at median 0.9: standard error 0.93 × 0.02 / 2 = 1% of the median.
        assertThat(Rounds.needMore(List.of(0.88, 0.89, 0.91, 0.92), PLAN)).isFalse();
        // IQR about 0.4 at median 0.6: far above 5%.
        List<Double> wide = new ArrayList<>(List.of(0.3, 0.4, 0.8, 0.9));
        assertThat(Rounds.needMore(wide, PLAN)).isTrue();
        while (wide.size() < PLAN.maxRounds() - 2) {
            wide.addAll(List.of(0.3, 0.9));
        }
        assertThat(wide).hasSize(8);
        assertThat(Rounds.needMore(wide, PLAN)).isTrue();
        wide.addAll(List.of(0.3, 0.9));
        assertThat(Rounds.needMore(wide, PLAN)).as("at the cap of %d rounds", PLAN.maxRounds()).isFalse();
    }

    @Test
    void theStoppingRuleUsesTheMediansStandardError() {
        // 0.93 × IQR / √n / median: IQR of {1, 2, 3, 4} is 1.5, n 4, median 2.5: 0.93 × 1.5 / 2 / 2.5.
        assertThat(Rounds.relativeError(new double[] {4, 3, 2, 1})).isCloseTo(0.279, within(1e-9));
        // Just under and just over a 5% limit with the same spread: more rounds shrink the error.
        double[] eight = {0.86, 0.88, 0.89, 0.90, 0.90, 0.91, 0.92, 0.94};
        assertThat(Rounds.relativeError(eight)).isLessThan(0.05);
    }

    @Test
    void warmUpCallsBothSidesAsOftenAndStopsAtTheCount() {
        java.util.concurrent.atomic.AtomicInteger base = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger pk = new java.util.concurrent.atomic.AtomicInteger();
        Rounds.warm(base::incrementAndGet, pk::incrementAndGet, new Rounds.Plan(4, 10, 0.05, 0, 0, 300, 60_000));
        assertThat(base.get()).isEqualTo(300);
        assertThat(pk.get()).isEqualTo(300);
        // A side slower than the time cap ends the warm-up for both, after whole blocks of 100.
        Rounds.warm(base::incrementAndGet, () -> Measure.sleep(2), new Rounds.Plan(4, 10, 0.05, 0, 0, 1_000_000, 1));
        assertThat(base.get()).isEqualTo(400);
    }

    @Test
    void plansComeInWholePairs() {
        assertThatThrownBy(() -> new Rounds.Plan(3, 10, 0.05, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rounds.Plan(4, 9, 0.05, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rounds.Plan(6, 4, 0.05, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aComparisonMeasuresWholePairsAndReportsTheMedianOfItsRoundRatios() {
        // Untimed: no-op calls in short windows (long enough that each window counts calls); only the bookkeeping is checked.
        Rounds.Comparison c = Rounds.compare(() -> { }, () -> { }, 1, new Rounds.Plan(2, 2, 0.05, 5, 20, 0, 0));
        assertThat(c.rounds()).isEqualTo(2);
        assertThat(c.base()).hasSize(2);
        assertThat(c.pk()).hasSize(2);
        assertThat(c.median()).isEqualTo(Rounds.median(c.ratios()));
        assertThat(c.lo()).isLessThanOrEqualTo(c.q1());
        assertThat(c.q3()).isLessThanOrEqualTo(c.hi());
    }
}
