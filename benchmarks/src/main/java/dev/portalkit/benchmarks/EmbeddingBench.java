package dev.portalkit.benchmarks;

import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.internal.CoreModule;
import dev.portalkit.core.internal.SchemaManifest;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Section 5: what embedding PortalKit costs a host (start-up, migration, test kit, heap, jars).
 * Takes over what testing/src/test/java/dev/portalkit/testing/bench/StartupBench.java measured,
 * with every module installed.
 */
final class EmbeddingBench {

    void run(Report out, boolean full) throws Exception {
        int runs = full ? 20 : 5;
        List<PortalModule> modules = Fixture.modules(12);
        TestDatabase db = TestDatabases.migrated(Fixture.SCHEMA, modules);
        try {
            double none = median(runs, () -> build(db, MigrationMode.NONE));
            double validate = median(runs, () -> build(db, MigrationMode.VALIDATE));
            double apply = median(runs, () -> build(db, MigrationMode.APPLY));
            double migrate = median(full ? 5 : 3, () -> {
                TestDatabase empty = TestDatabases.empty();
                long t0 = System.nanoTime();
                try (Portal p = Portal.builder().jdbcUrl(empty.jdbcUrl()).username(empty.username()).password(empty.password())
                        .schema(Fixture.SCHEMA).migration(MigrationMode.APPLY).minimumIdle(0)
                        .install(Fixture.modules(12).toArray(PortalModule[]::new)).build()) {
                    long t = System.nanoTime() - t0;
                    p.close();
                    TestDatabases.server().dropDatabase(empty.name());
                    return t;
                }
            });
            double fresh = median(20, () -> {
                long t0 = System.nanoTime();
                TestDatabase clone = TestDatabases.migrated(Fixture.SCHEMA, modules);
                try (Portal p = Portal.builder().jdbcUrl(clone.jdbcUrl()).username(clone.username()).password(clone.password())
                        .schema(Fixture.SCHEMA).minimumIdle(0).migration(MigrationMode.NONE)
                        .install(Fixture.modules(12).toArray(PortalModule[]::new)).build()) {
                    long elapsed = System.nanoTime() - t0;
                    p.close();
                    TestDatabases.server().dropDatabase(clone.name());
                    return elapsed;
                }
            });
            KitCost kit = kitCost(db, modules);
            double schemaCheck = schemaCheck(db, modules, full ? 200 : 50);
            double heap = retainedHeapPerPortal(db, 10);
            out.line("## Section 5: embedding costs (all four modules installed)");
            out.line("");
            out.line("| measure | value |");
            out.line("|---|---|");
            out.line(String.format("| `Portal.builder()` to ready, migrated database, MigrationMode.NONE (median of %d) | %.0f ms |", runs, none));
            out.line(String.format("| same, MigrationMode.VALIDATE | %.0f ms |", validate));
            out.line(String.format("| same, MigrationMode.APPLY (nothing pending) | %.0f ms |", apply));
            out.line(String.format("| of which the start-up schema check: one catalog query, every module's manifest"
                    + " (median of %d, connection open) | %.1f ms |", full ? 200 : 50, schemaCheck));
            out.line(String.format("| migrate an empty database with every module (median of %d) | %.0f ms |", full ? 5 : 3, migrate));
            out.line(String.format("| test kit: fresh migrated database + Portal for a test class (median of 20) | %.0f ms |", fresh));
            out.line(String.format("| test kit: `CREATE DATABASE ... TEMPLATE` of the all-module template, what a class waited for"
                    + " before databases were prepared ahead (median of 10) | %.1f ms |", kit.onDemand()));
            out.line(String.format("| test kit: a class's database after the first, prepared ahead while the class before ran"
                    + " %d ms of tests and dropped its database (median of 20; target at most 100 ms) | %.1f ms (%.3f of the clone;"
                    + " %d of 20 waited over 100 ms) |", KitCost.TESTS_MS, kit.prepared().median(), kit.prepared().median() / kit.onDemand(),
                    kit.prepared().over100()));
            out.line(String.format("| same, classes back to back with no tests, only the drop between them (median of 20) | %.1f ms"
                    + " (%.3f of the clone; %d of 20 waited over 100 ms) |", kit.backToBack().median(),
                    kit.backToBack().median() / kit.onDemand(), kit.backToBack().over100()));
            out.line(String.format("| heap retained by one Portal (own Hikari pool, 1 idle connection; mean of 10) | %.0f KiB |", heap / 1024));
            jars(out);
            out.line("");
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    /** What a test class waits for its database, in ms: cloning on demand, and taking a clone prepared ahead. */
    record KitCost(double onDemand, Takes prepared, Takes backToBack) {
        static final int TESTS_MS = 300;
    }

    /** The median of 20 takes, and how many of them waited for a clone (over 100 ms), in ms. */
    record Takes(double median, int over100) {
        static Takes of(Supplier<Long> take) {
            take.get();
            long[] t = new long[20];
            for (int i = 0; i < t.length; i++) {
                t[i] = take.get();
            }
            Arrays.sort(t);
            return new Takes(t[t.length / 2] / 1e6, (int) Arrays.stream(t).filter(n -> n > 100_000_000L).count());
        }
    }

    private static KitCost kitCost(TestDatabase db, List<PortalModule> modules) {
        // A clone of the template is as large as the template: clone it the way a class used to wait for.
        double clone = median(10, () -> {
            long t0 = System.nanoTime();
            TestDatabase c = TestDatabases.server().cloneDatabase(db.name());
            long t = System.nanoTime() - t0;
            TestDatabases.server().dropDatabase(c.name());
            return t;
        });
        return new KitCost(clone, Takes.of(() -> takeAfter(KitCost.TESTS_MS, modules)), Takes.of(() -> takeAfter(0, modules)));
    }

    /** A class that ran {@code testsMs} of tests ends (its database dropped), and the next takes its database. */
    private static long takeAfter(int testsMs, List<PortalModule> modules) {
        Measure.sleep(testsMs);
        long t0 = System.nanoTime();
        TestDatabase next = TestDatabases.migrated(Fixture.SCHEMA, modules);
        long t = System.nanoTime() - t0;
        TestDatabases.server().dropDatabase(next.name());
        return t;
    }

    private static long build(TestDatabase db, MigrationMode mode) {
        long t0 = System.nanoTime();
        try (Portal p = Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password())
                .schema(Fixture.SCHEMA).migration(mode).minimumIdle(1)
                .install(Fixture.modules(12).toArray(PortalModule[]::new)).build()) {
            return System.nanoTime() - t0;
        }
    }

    /**
     * The check build() runs after migrating (APPLY) or validating (VALIDATE): the installed modules'
     * manifests against the catalog, in one query (target: at most 50 ms).
     */
    private static double schemaCheck(TestDatabase db, List<PortalModule> modules, int runs) throws SQLException {
        List<PortalModule> all = new ArrayList<>();
        all.add(new CoreModule());
        all.addAll(modules);
        try (Connection c = db.dataSource().getConnection()) {
            return median(runs, () -> {
                long t0 = System.nanoTime();
                try {
                    SchemaManifest.requireComplete(c, Fixture.SCHEMA, all, MigrationMode.VALIDATE);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                return System.nanoTime() - t0;
            });
        }
    }

    private static double retainedHeapPerPortal(TestDatabase db, int n) {
        List<Portal> keep = new ArrayList<>();
        build(db, MigrationMode.NONE);
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
            keep.add(Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password())
                    .schema(Fixture.SCHEMA).migration(MigrationMode.NONE).minimumIdle(1).maximumPoolSize(2)
                    .install(Fixture.modules(12).toArray(PortalModule[]::new)).build());
        }
        long after = usedAfterGc();
        keep.forEach(Portal::close);
        return (after - before) / (double) n;
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Measure.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Jars a host pulls in: the five PortalKit jars plus their runtime dependencies (no test kit). */
    private static void jars(Report out) throws IOException {
        String root = System.getProperty("bench.root");
        if (root == null) {
            out.line("| jars a host pulls in | (run through benchmarks/run.sh to measure) |");
            return;
        }
        Set<Path> jars = new LinkedHashSet<>();
        long own = 0;
        for (String m : List.of("core", "auth", "billing", "content", "messaging")) {
            Path cp = Path.of(root, m, "target", "runtime-cp.txt");
            if (Files.exists(cp)) {
                for (String e : Files.readString(cp).trim().split(":")) {
                    if (e.endsWith(".jar") && !e.contains("/portalkit-")) {
                        jars.add(Path.of(e));
                    }
                }
            }
            try (var s = Files.list(Path.of(root, m, "target"))) {
                for (Path j : s.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    own += Files.size(j);
                }
            }
        }
        long third = 0;
        List<String> names = new ArrayList<>();
        for (Path j : jars) {
            third += Files.size(j);
            names.add(j.getFileName().toString());
        }
        names.sort(null);
        out.line(String.format("| the five PortalKit jars | %.0f KiB |", own / 1024.0));
        out.line(String.format("| their %d third-party runtime jars | %.1f MiB |", jars.size(), third / 1048576.0));
        out.line(String.format("| total a host pulls in | %.1f MiB |", (own + third) / 1048576.0));
        out.line("| third-party jars | " + String.join(", ", names) + " |");
    }

    private static double median(int runs, Supplier<Long> run) {
        run.get();
        long[] t = new long[runs];
        for (int i = 0; i < runs; i++) {
            t[i] = run.get();
        }
        Arrays.sort(t);
        return t[runs / 2] / 1e6;
    }
}
