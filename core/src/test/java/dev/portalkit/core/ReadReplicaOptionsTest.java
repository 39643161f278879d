package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The read replica options are checked at build(), with every other problem, before any connection. */
class ReadReplicaOptionsTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:1/none";

    private static PortalConfigurationException failure(Portal.Builder b) {
        try {
            b.build().close();
        } catch (PortalConfigurationException e) {
            assertThat(e.code()).isEqualTo(CoreError.INVALID_CONFIGURATION);
            return e;
        }
        throw new AssertionError("build() accepted the configuration");
    }

    private static DataSource replica() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://127.0.0.1:1/replica?password=hunter2");
        return ds;
    }

    @Test
    void noReplicasNullArraysAndNullElementsAreRefused() {
        assertThat(failure(Portal.builder().jdbcUrl(URL).readReplica()).problems())
                .anyMatch(p -> p.contains("readReplica(...) needs at least one DataSource"));
        assertThat(failure(Portal.builder().jdbcUrl(URL).readReplica((DataSource[]) null)).problems())
                .anyMatch(p -> p.contains("readReplica(...) needs at least one DataSource"));
        assertThat(failure(Portal.builder().jdbcUrl(URL).readReplica(replica(), null)).problems())
                .anyMatch(p -> p.contains("readReplica(...) was given null"));
        assertThat(failure(Portal.builder().jdbcUrl(URL).readReplica((DataSource) null)).problems())
                .anyMatch(p -> p.contains("readReplica(...) was given null"));
    }

    @Test
    void thePrimaryTheMigrationSourceOrOneReplicaTwiceAreRefused() {
        DataSource primary = replica();
        DataSource direct = replica();
        DataSource r = replica();
        PortalConfigurationException e = failure(Portal.builder().dataSource(primary).migrationDataSource(direct)
                .readReplica(r, primary, direct, r));
        assertThat(e.problems()).anyMatch(p -> p.contains("the primary's dataSource"))
                .anyMatch(p -> p.contains("the migrationDataSource"))
                .anyMatch(p -> p.contains("the same DataSource twice"));
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void negativeOrAbsurdLagAndWindowsAreRefused() {
        PortalConfigurationException e = failure(Portal.builder().jdbcUrl(URL).readReplica(replica())
                .replicaMaxLag(-1).readYourWritesWindow(Duration.ofMillis(-5)));
        assertThat(e.problems()).anyMatch(p -> p.contains("replicaMaxLag is -1 bytes"))
                .anyMatch(p -> p.contains("readYourWritesWindow must be between 100 ms and 1 day"));
        assertThat(failure(Portal.builder().jdbcUrl(URL).readReplica(replica()).replicaMaxLag(Long.MAX_VALUE)
                .readYourWritesWindow(null)).problems())
                .anyMatch(p -> p.contains("replicaMaxLag is " + Long.MAX_VALUE))
                .anyMatch(p -> p.contains("readYourWritesWindow must be"));
        assertThat(failure(Portal.builder().jdbcUrl(URL).readReplica(replica()).readYourWritesWindow(Duration.ZERO))
                .problems()).anyMatch(p -> p.contains("readYourWritesWindow must be"));
        assertThat(failure(Portal.builder().jdbcUrl(URL).readReplica(replica())
                .readYourWritesWindow(Duration.ofSeconds(Long.MAX_VALUE))).problems())
                .anyMatch(p -> p.contains("readYourWritesWindow must be"));
        // Limits that are valid are not reported (the only problem left is the missing port's... none: all valid).
        assertThat(failure(Portal.builder().jdbcUrl(URL).readReplica(replica()).replicaMaxLag(0)
                .readYourWritesWindow(Duration.ofDays(1)).schema("public")).problems())
                .noneMatch(p -> p.contains("replicaMaxLag") || p.contains("readYourWritesWindow"));
    }

    @Test
    void theConfigShowsHowManyReplicasButNeverTheirUrls() {
        PortalConfig c = new PortalConfig(null, null, URL, "app", "secret", 1, 2, Duration.ofSeconds(1),
                Duration.ofSeconds(1), "portal", MigrationMode.NONE, java.time.Clock.systemUTC(), java.util.List.of(),
                java.util.List.of(), false, java.util.List.of(), false, Duration.ofSeconds(1), null, null, null,
                new ReadReplicas(java.util.List.of(replica()), 5, Duration.ofSeconds(2)));
        assertThat(c.toString()).contains("readReplicas=1 (maxLagBytes=5, readYourWritesWindow=PT2S)")
                .doesNotContain("hunter2").doesNotContain("secret");
    }

    @Test
    void onBehalfOfRefusesNullsBeforeAnything() {
        // A closed-over check: Portal.onBehalfOf validates its arguments before touching the runtime.
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
                () -> nullPortal().onBehalfOf(null, () -> 1)).getMessage()).contains("caller");
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
                () -> nullPortal().onBehalfOf(CallContext.system("t"), (java.util.function.Supplier<Object>) null))
                .getMessage()).contains("work");
    }

    private static Portal nullPortal() {
        try {
            var c = Portal.class.getDeclaredConstructor(dev.portalkit.core.internal.PortalRuntime.class);
            c.setAccessible(true);
            return c.newInstance((Object) null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
