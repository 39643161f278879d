package dev.portalkit.testing.bench;

import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Measures, in one run on one server: the time from {@code Portal.builder()} to a ready Portal on
 * an already-migrated database (per migration mode), and the time the test kit needs to hand a
 * test class a fresh migrated database. A bench main, not a test: figures vary by machine, so the
 * README reports them with the ratios between them.
 *
 * <pre>mvn -B -q -pl testing -am test-compile exec:java -Dexec.mainClass=dev.portalkit.testing.bench.StartupBench -Dexec.classpathScope=test</pre>
 */
public final class StartupBench {

    private static final int WARMUP = 5;
    private static final int RUNS = 30;

    public static void main(String[] args) {
        List<PortalModule> modules = List.of();
        TestDatabase db = TestDatabases.migrated("portal", modules);
        System.out.println("Server: " + TestDatabases.server().describe());
        try {
            double apply = median(() -> build(db, MigrationMode.APPLY));
            double validate = median(() -> build(db, MigrationMode.VALIDATE));
            double none = median(() -> build(db, MigrationMode.NONE));
            double fresh = median(() -> {
                long t0 = System.nanoTime();
                TestDatabase clone = TestDatabases.migrated("portal", modules);
                try (Portal p = Portal.builder().jdbcUrl(clone.jdbcUrl()).username(clone.username())
                        .password(clone.password()).minimumIdle(0).migration(MigrationMode.NONE).build()) {
                    long elapsed = System.nanoTime() - t0;
                    TestDatabases.server().dropDatabase(clone.name());
                    return elapsed;
                }
            });
            System.out.printf("builder() to ready Portal, migrated database, owned pool (median of %d):%n", RUNS);
            System.out.printf("  MigrationMode.APPLY (nothing pending) %7.1f ms  (%.1fx NONE)%n", apply, apply / none);
            System.out.printf("  MigrationMode.VALIDATE                %7.1f ms  (%.1fx NONE)%n", validate, validate / none);
            System.out.printf("  MigrationMode.NONE                    %7.1f ms%n", none);
            System.out.printf("test kit: fresh migrated database + Portal for a test class %7.1f ms (%.1fx a NONE start)%n",
                    fresh, fresh / none);
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    private static long build(TestDatabase db, MigrationMode mode) {
        long t0 = System.nanoTime();
        try (Portal p = Portal.builder().jdbcUrl(db.jdbcUrl()).username(db.username()).password(db.password())
                .migration(mode).build()) {
            return System.nanoTime() - t0;
        }
    }

    private static double median(Supplier<Long> run) {
        for (int i = 0; i < WARMUP; i++) {
            run.get();
        }
        long[] t = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            t[i] = run.get();
        }
        Arrays.sort(t);
        return t[RUNS / 2] / 1e6;
    }

    private StartupBench() {
    }
}
