package dev.portalkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
}
