package dev.portalkit.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The summary lines a run ends with, gathered from the sections and printed in one place
 * ({@link #lines}), so a new section adds its lines here and nowhere else. A figure of a section
 * that did not run prints as NaN.
 */
final class Summary {

    /** Every row of section 1 must have a median ratio at least this (issue #17). */
    static final double ROW_TARGET = 0.8;
    /** Audited / unaudited writes at 8 threads must be at least this (issue #17). */
    static final double AUDIT_SCALING_TARGET = 0.8;

    /** One row's median ratio over its rounds, named {@code call@threads}. */
    record RowRatio(String call, int threads, double median) {
        String name() {
            return call + "@" + threads;
        }
    }

    final List<RowRatio> overhead = new ArrayList<>();
    final List<RowRatio> hibernate = new ArrayList<>();
    int roundTripsExcess = -1;
    /** Audit section: median audited / unaudited ratio per thread count. */
    final java.util.Map<Integer, Double> auditScaling = new java.util.TreeMap<>();
    double sealLagP95Ms = Double.NaN;
    int largeRows;
    double sealLargeMs = Double.NaN;
    double verifyLargeMs = Double.NaN;

    List<String> lines(double elapsedSeconds) {
        List<String> l = new ArrayList<>();
        l.add(String.format("elapsed=%.0fs", elapsedSeconds));
        // Minimum over rows of each row's median over its rounds (not the lowest single round).
        l.add(String.format("ratio_min=%.2f", min(overhead)));
        l.add(String.format("ratio_geomean=%.2f", geomean(overhead)));
        l.add("rows_below_0_8=" + (overhead.isEmpty() ? "NaN" : below(overhead, ROW_TARGET)));
        l.add(String.format("ratio_hibernate_min=%.2f", min(hibernate)));
        l.add(String.format("ratio_hibernate_geomean=%.2f", geomean(hibernate)));
        l.add("round_trips_excess=" + (roundTripsExcess < 0 ? "NaN" : Integer.toString(roundTripsExcess)));
        // Section 2's booking target (PortalKit at least 1.3 × Hibernate at 8 threads).
        l.add(String.format("hibernate_book_8=%.2f (target ≥ 1.3)", hibernate.stream()
                .filter(r -> r.call().equals("book") && r.threads() == 8).mapToDouble(RowRatio::median).findFirst().orElse(Double.NaN)));
        l.add(String.format("audit_scaling_ratio=%.2f", auditScaling.getOrDefault(8, Double.NaN))
                + (auditScaling.isEmpty() ? "" : " (8 threads; " + auditScaling.entrySet().stream().filter(e -> e.getKey() != 8)
                .map(e -> String.format("%d: %.2f", e.getKey(), e.getValue())).collect(Collectors.joining(", ")) + ")"));
        l.add(String.format("seal_lag_p95_ms=%.0f", sealLagP95Ms));
        // Named by the trail's size: verify_1m_ms unless the run was asked for fewer rows (--audit-rows=).
        String rows = largeRows == 0 || largeRows == 1_000_000 ? "1m" : largeRows / 1000 + "k";
        l.add(String.format("verify_%s_ms=%.0f", rows, verifyLargeMs));
        l.add(String.format("seal_%s_ms=%.0f", rows, sealLargeMs));
        return l;
    }

    static double min(List<RowRatio> rows) {
        return rows.stream().mapToDouble(RowRatio::median).min().orElse(Double.NaN);
    }

    static double geomean(List<RowRatio> rows) {
        return Rounds.geomean(rows.stream().map(RowRatio::median).toList());
    }

    /** {@code 2 (book@2 0.74, queueEmail@2 0.78)}: how many rows' medians are below {@code limit}, and which. */
    static String below(List<RowRatio> rows, double limit) {
        List<RowRatio> low = rows.stream().filter(r -> r.median() < limit).toList();
        if (low.isEmpty()) {
            return "0";
        }
        return low.size() + " (" + low.stream().map(r -> String.format("%s %.2f", r.name(), r.median()))
                .collect(Collectors.joining(", ")) + ")";
    }
}
