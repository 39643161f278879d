package dev.portalkit.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.PortalModule;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.demo.DemoModule;
import dev.portalkit.demoaddon.DemoAddonModule;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kit's hook for the previous-release check (PORTALKIT_TEST_MIGRATE_WITH): each template is
 * migrated by the newer code first, in a JVM of its own, and the tested code then accepts a schema
 * ahead of it; a hook that fails fails the template with the newer code's own output. The "newer
 * code" here is this JVM's class path with one more migration in front of it.
 */
class MigrateFirstIT {

    @TempDir
    Path newer;

    @AfterEach
    void noHookLeftSet() {
        System.clearProperty(MigrateFirst.SETTING);
    }

    @Test
    void aTemplateIsMigratedByTheNewerCodeFirstAndTheTestedCodeThenIgnoresTheNewerMigration() throws IOException {
        // The newer release's extra migration records whether demoaddon was migrated yet: the newer code
        // migrates demo before demoaddon, so its history table is missing only if the newer code ran first.
        migration("V3__newer_release.sql", """
                SET LOCAL lock_timeout = '5s';
                CREATE TABLE demo_newer AS
                SELECT to_regclass('${flyway:defaultSchema}.portalkit_demoaddon_history') IS NOT NULL AS addon_migrated_before;
                ALTER TABLE demo_items ADD COLUMN newer_note text;
                """);
        System.setProperty(MigrateFirst.SETTING, newer + File.pathSeparator + System.getProperty("java.class.path"));

        TestDatabase db = TestDatabases.migrated("hook_first", List.of(new DemoModule(), new DemoAddonModule()));
        try {
            assertThat(Queries.column(db.directDataSource(), "SELECT addon_migrated_before::text FROM hook_first.demo_newer"))
                    .containsExactly("false");
            // This JVM's code (which has no V3) then migrated the same template: it applied nothing and
            // ignored the newer migration, Flyway's default (ignoreMigrationPatterns *:future).
            assertThat(Queries.column(db.directDataSource(),
                    "SELECT version || ' ' || success FROM hook_first.portalkit_demo_history WHERE type = 'SQL' ORDER BY installed_rank"))
                    .containsExactly("1 true", "2 true", "3 true");
            assertThat(Queries.number(db.directDataSource(),
                    "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'hook_first' AND column_name = 'newer_note'"))
                    .isEqualTo(1);
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    @Test
    void aModuleTheNewerCodeDoesNotHaveIsLeftToTheTestedCode() {
        // Without this module's test classes, the newer code knows core but not the demo modules.
        String withoutTests = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        TestDatabase db = TestDatabases.empty();
        try {
            String output = MigrateFirst.run(withoutTests, db, "hook_unknown", List.of(new DemoModule()));

            assertThat(output).contains("dev.portalkit.demo.DemoModule is not in this code: module demo is left to the tested code");
            assertThat(Queries.column(db.directDataSource(),
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'hook_unknown' AND table_name LIKE 'portalkit%'"))
                    .containsExactly("portalkit_core_history");
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    @Test
    void aModuleWithoutANoArgumentConstructorIsMigratedByAStandInUnderItsOwnName() {
        TestDatabase db = TestDatabases.empty();
        try {
            String output = MigrateFirst.run(System.getProperty("java.class.path"), db, "hook_standin",
                    List.of(new DemoModule(), new AddonWithOptions("an option")));

            assertThat(output).contains(AddonWithOptions.class.getName() + " has no public no-argument constructor: a stand-in migrates");
            assertThat(Queries.column(db.directDataSource(),
                    "SELECT version FROM hook_standin.portalkit_optaddon_history WHERE type = 'SQL' ORDER BY installed_rank"))
                    .containsExactly("1", "2");
            assertThat(Queries.number(db.directDataSource(), "SELECT count(*) FROM hook_standin.demo_slots")).isZero();
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    @Test
    void aFailingNewerMigrationFailsTheTemplateWithTheNewerCodesOutputEachTime() throws IOException {
        migration("V3__broken.sql", "SET LOCAL lock_timeout = '5s';\nSELECT portalkit_no_such_function();\n");
        System.setProperty(MigrateFirst.SETTING, newer + File.pathSeparator + System.getProperty("java.class.path"));

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> TestDatabases.migrated("hook_broken", List.of(new DemoModule())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("schema hook_broken, modules [demo]")
                    .hasMessageContaining("failed (exit 1")
                    .hasMessageContaining("V3__broken.sql")
                    .hasMessageContaining("portalkit_no_such_function");
        }
    }

    @Test
    void aClassPathWithoutTheKitFailsNamingTheMainClass() throws IOException {
        TestDatabase db = TestDatabases.empty();
        try {
            assertThatThrownBy(() -> MigrateFirst.run(newer.toString(), db, "hook_nokit", List.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("failed (exit 1")
                    .hasMessageContaining("Could not find or load main class " + MigrateFirst.class.getName());
            assertThat(Queries.number(db.directDataSource(),
                    "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'hook_nokit'")).isZero();
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    private void migration(String name, String sql) throws IOException {
        Path dir = newer.resolve("dev/portalkit/demo/db/migration");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), sql);
    }

    /** Like StripeModule, it cannot be made without an argument; it migrates demoaddon's folder under its own name. */
    public static final class AddonWithOptions implements PortalModule {
        private final String option;

        public AddonWithOptions(String option) {
            this.option = option;
        }

        @Override
        public String name() {
            return "optaddon";
        }

        @Override
        public String migrationLocation() {
            return "classpath:dev/portalkit/demoaddon/db/migration";
        }

        @Override
        public Set<Class<? extends PortalModule>> requires() {
            return Set.of(DemoModule.class);
        }

        @Override
        public void start(ModuleContext context) {
            if (option == null) {
                throw new IllegalStateException("never started without its option");
            }
        }
    }
}
