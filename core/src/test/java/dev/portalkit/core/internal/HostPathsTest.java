package dev.portalkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Messages built from Flyway exceptions keep the script's name and lose the host's file system. */
class HostPathsTest {

    @Test
    void anAbsolutePathBecomesItsFileName() {
        assertThat(MigrationRunner.withoutHostPaths(
                "Location   : dev/portalkit/demo/db/migration/V1__a.sql (/home/me/app/target/classes/dev/portalkit/demo/db/migration/V1__a.sql)"))
                .isEqualTo("Location   : dev/portalkit/demo/db/migration/V1__a.sql (V1__a.sql)");
    }

    @Test
    void aJarUrlBecomesTheResourceInsideIt() {
        assertThat(MigrationRunner.withoutHostPaths("script jar:file:/opt/host/lib/app-1.0.jar!/dev/x/db/migration/V2__b.sql failed"))
                .isEqualTo("script dev/x/db/migration/V2__b.sql failed");
        assertThat(MigrationRunner.withoutHostPaths("(/srv/app/file:/tmp/x/app.jar!/dev/x/V1__c.sql)"))
                .isEqualTo("(V1__c.sql)");
    }

    @Test
    void fileUrlsAndWindowsPathsBecomeTheirFileNames() {
        assertThat(MigrationRunner.withoutHostPaths("at file:/C:/apps/portal/V1__d.sql")).isEqualTo("at V1__d.sql");
        assertThat(MigrationRunner.withoutHostPaths("at C:\\apps\\portal\\lib\\V1__e.sql, line 3")).isEqualTo("at V1__e.sql, line 3");
    }

    @Test
    void textWithoutPathsIsKept() {
        String plain = "Migration V1__a.sql failed\nSQL State  : 42P01\nMessage    : ERROR: relation \"no_such_table\" does not exist"
                + "\nLocation   : dev/portalkit/demo/db/migration/V1__a.sql\nStatement  : SELECT 4 / 2";
        assertThat(MigrationRunner.withoutHostPaths(plain)).isEqualTo(plain);
    }
}
