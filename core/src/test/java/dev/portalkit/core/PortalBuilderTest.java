package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.spi.ModuleContext;
import java.time.Duration;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Every wrong or missing setting fails at build(), before any connection, saying what to set. */
class PortalBuilderTest {

    /** A module that only has a name and requirements: all build() looks at before connecting. */
    abstract static class Stub implements PortalModule {
        private final String name;
        private final Set<Class<? extends PortalModule>> requires;

        @SafeVarargs
        Stub(String name, Class<? extends PortalModule>... requires) {
            this.name = name;
            this.requires = Set.of(requires);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<Class<? extends PortalModule>> requires() {
            return requires;
        }

        @Override
        public void start(ModuleContext context) {
        }
    }

    static final class NeedsOther extends Stub {
        NeedsOther() {
            super("needs", Other.class);
        }
    }

    static final class Other extends Stub {
        Other() {
            super("other");
        }
    }

    static final class CycleA extends Stub {
        CycleA() {
            super("cyclea", CycleB.class);
        }
    }

    static final class CycleB extends Stub {
        CycleB() {
            super("cycleb", CycleA.class);
        }
    }

    private static PortalConfigurationException failure(Portal.Builder b) {
        try {
            b.build().close();
        } catch (PortalConfigurationException e) {
            assertThat(e.code()).isEqualTo(CoreError.INVALID_CONFIGURATION);
            return e;
        }
        throw new AssertionError("build() accepted the configuration");
    }

    @Test
    void noDatabaseSaysHowToSetOne() {
        assertThat(failure(Portal.builder()).getMessage())
                .contains(".jdbcUrl(\"jdbc:postgresql://host:5432/db\")").contains(".dataSource(hostPool)");
    }

    @Test
    void bothDataSourceAndUrlAreRefused() {
        DataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        assertThat(failure(Portal.builder().dataSource(ds).jdbcUrl("jdbc:postgresql://h/db")).getMessage())
                .contains("not both");
        assertThat(failure(Portal.builder().dataSource(ds).username("u").password("p")).getMessage())
                .contains("configure them on your DataSource");
    }

    @Test
    void aNonPostgresUrlIsRefusedWithoutEchoingCredentials() {
        PortalConfigurationException e = failure(Portal.builder().jdbcUrl("jdbc:mysql://db:3306/app?password=hunter2"));
        assertThat(e.getMessage()).contains("must start with jdbc:postgresql:").doesNotContain("hunter2");
    }

    @Test
    void everyProblemIsListedAtOnce() {
        PortalConfigurationException e = failure(Portal.builder()
                .jdbcUrl("jdbc:postgresql://localhost/db")
                .schema("Portal-1")
                .maximumPoolSize(0)
                .minimumIdle(5)
                .connectionTimeout(Duration.ofMillis(1))
                .statementTimeout(Duration.ZERO)
                .clock(null)
                .migration(null));
        assertThat(e.problems()).hasSize(7);
        assertThat(e.getMessage())
                .contains("schema 'Portal-1' is not a valid name")
                .contains("maximumPoolSize is 0")
                .contains("minimumIdle is 5")
                .contains("connectionTimeout")
                .contains("statementTimeout")
                .contains("clock is null")
                .contains("migration is null");
    }

    @Test
    void nullModuleAndSettingArraysAreListedProblemsNotNullPointers() {
        assertThatThrownBy(() -> Portal.builder().jdbcUrl("jdbc:postgresql://localhost/x")
                .install((PortalModule[]) null).settings((Setting<?>[]) null).build())
                .isInstanceOf(PortalConfigurationException.class)
                .hasMessageContaining("install(...) was given null")
                .hasMessageContaining("settings(...) was given null");
    }

    @Test
    void theHostsSchemasAreRefused() {
        assertThat(failure(Portal.builder().jdbcUrl("jdbc:postgresql://h/db").schema("public")).getMessage())
                .contains("shared with the host");
        assertThat(failure(Portal.builder().jdbcUrl("jdbc:postgresql://h/db").schema("pg_catalog")).getMessage())
                .contains("shared with the host");
    }

    @Test
    void aModuleWithoutItsRequirementAndADuplicateModuleAreRefused() {
        PortalConfigurationException e = failure(Portal.builder().jdbcUrl("jdbc:postgresql://h/db")
                .install(new NeedsOther(), new NeedsOther()));
        assertThat(e.getMessage())
                .contains("module needs is installed twice")
                .contains("NeedsOther needs Other")
                .contains(".install(new Other(), ...)");
    }

    @Test
    void modulesThatRequireEachOtherAreRefused() {
        assertThat(failure(Portal.builder().jdbcUrl("jdbc:postgresql://h/db").install(new CycleA(), new CycleB()))
                .getMessage()).contains("modules require each other in a cycle through cyclea");
    }

    @Test
    void aModulesMigrationsLieUnderItsPackageUnlessItSaysOtherwise() {
        assertThat(new Other().migrationLocation()).isEqualTo("classpath:dev/portalkit/core/db/migration");
        assertThat(new Other().artifactId()).isEqualTo("portalkit-other");
    }

    @Test
    void conflictingSettingDeclarationsAreRefused() {
        assertThat(failure(Portal.builder().jdbcUrl("jdbc:postgresql://h/db")
                .settings(Setting.string("a.b", "x"), Setting.integer("a.b", 1))).getMessage())
                .contains("setting a.b is declared twice");
    }

    @Test
    void configToStringNeverShowsThePassword() {
        PortalConfig c = new PortalConfig(null, null, "jdbc:postgresql://h/db?password=hunter2", "u", "hunter2", 2, 10,
                Duration.ofSeconds(1), Duration.ofSeconds(30), "portal", MigrationMode.APPLY,
                java.time.Clock.systemUTC(), java.util.List.of(), java.util.List.of(), false);
        assertThat(c.toString()).doesNotContain("hunter2").contains("password=***");
    }

    @Test
    void anUnreachableDatabaseFailsAtBuildAsUnavailable() {
        assertThatThrownBy(() -> Portal.builder().jdbcUrl("jdbc:postgresql://127.0.0.1:1/none")
                .connectionTimeout(Duration.ofMillis(500)).build())
                .isInstanceOf(TransientException.class)
                .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.DATABASE_UNAVAILABLE))
                .hasMessageContaining("cannot connect to jdbc:postgresql://127.0.0.1:1/none");
    }

    @Test
    void settingDeclarationsAreCheckedWhereTheyAreWritten() {
        assertThatThrownBy(() -> Setting.string("Bad Key", "x")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Setting.string(null, "x")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Setting.of("x.y", Integer.class, null)).isInstanceOf(ValidationException.class);
    }
}
