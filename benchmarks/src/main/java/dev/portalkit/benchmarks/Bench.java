package dev.portalkit.benchmarks;

import dev.portalkit.testing.TestDatabases;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the PortalKit benchmarks and prints markdown tables, then the summary lines ({@link Summary}:
 * {@code ratio_min=}, {@code ratio_geomean=}, {@code rows_below_0_8=}, {@code ratio_hibernate_min=},
 * {@code ratio_hibernate_geomean=}, {@code round_trips_excess=}, {@code hibernate_book_8=},
 * {@code audit_scaling_ratio=}, {@code seal_lag_p95_ms=}, {@code verify_1m_ms=}, {@code seal_1m_ms=}).
 * Arguments: {@code --full} for longer windows; section names (overhead, hibernate, audit, login,
 * embedding, growth) to run only those; {@code --sizes=10000,1000000} for the table sizes of the growth
 * section; {@code --tables=logs} to load and measure only its log tables (activity_logs, email_messages,
 * email_logs), for sizes up to 10M ({@link GrowthLogs}), or {@code --tables=outbox} for email_logs and the
 * outbox calls only; {@code --audit-rows=100000} for the audit
 * section's verified trail (default 1,000,000).
 */
public final class Bench {

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        boolean full = a.contains("--full");
        List<String> sections = a.stream().filter(s -> !s.startsWith("--")).toList();
        Report out = new Report();
        long t0 = System.nanoTime();
        out.line("# PortalKit benchmarks (" + (full ? "full" : "quick") + " mode)");
        out.line("");
        out.line("- machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        out.line("- server: " + TestDatabases.server().describe());
        out.line("");
        Summary summary = new Summary();
        boolean runOverhead = sections.isEmpty() || sections.contains("overhead");
        boolean runHibernate = sections.isEmpty() || sections.contains("hibernate");
        boolean runAudit = sections.isEmpty() || sections.contains("audit");
        if (runOverhead || runHibernate || runAudit) {
            try (Fixture f = new Fixture(4, 8)) {
                HotCalls d = new HotCalls(f.portal);
                if (runOverhead) {
                    new OverheadBench().run(f, d, out, full, summary);
                }
                if (runHibernate) {
                    new HibernateBench().run(f, d, out, full, summary);
                }
                if (runAudit) {
                    // Last on this database: it adds the bulk-loaded audit rows (1M unless --audit-rows=).
                    int rows = a.stream().filter(s -> s.startsWith("--audit-rows=")).findFirst()
                            .map(s -> Integer.parseInt(s.substring(13))).orElse(1_000_000);
                    new AuditBench().run(f, d, out, full, rows, summary);
                }
            }
        }
        if (sections.isEmpty() || sections.contains("login")) {
            new LoginBench().run(out, full);
        }
        if (sections.isEmpty() || sections.contains("embedding")) {
            new EmbeddingBench().run(out, full);
        }
        if ((full && sections.isEmpty()) || sections.contains("growth")) {
            // 1M rows per table takes minutes to load on 2 cores: not in quick mode unless asked
            // for with --sizes=10000,1000000.
            int[] sizes = a.stream().filter(s -> s.startsWith("--sizes=")).findFirst()
                    .map(s -> Arrays.stream(s.substring(8).split(",")).mapToInt(Integer::parseInt).toArray())
                    .orElse(full ? new int[] {10_000, 100_000, 1_000_000} : new int[] {10_000, 100_000});
            GrowthBench.Tables tables = a.stream().filter(s -> s.startsWith("--tables=")).findFirst()
                    .map(s -> GrowthBench.Tables.parse(s.substring(9))).orElse(GrowthBench.Tables.ALL);
            new GrowthBench().run(out, full, sizes, tables);
        }
        summary.lines((System.nanoTime() - t0) / 1e9).forEach(out::line);
        System.exit(0);
    }

    private Bench() {
    }
}
