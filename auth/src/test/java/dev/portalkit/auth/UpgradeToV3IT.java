package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.internal.MigrationRunner;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Upgrading a database of the previous release (auth at version 2), where concurrent reset requests
 * could leave several live tokens per user: version 3 keeps only each user's newest one live.
 */
class UpgradeToV3IT {

    @Test
    void severalLiveResetTokensOfAUserAreCutToTheNewest() throws Exception {
        TestDatabase db = TestDatabases.empty();
        try {
            DataSource ds = db.directDataSource();
            Portal.builder().dataSource(ds).migration(MigrationMode.APPLY).build().close(); // core only
            Flyway.configure().dataSource(ds).schemas("portal").defaultSchema("portal")
                    .table(MigrationRunner.historyTable(new AuthModule())).locations(AuthModule.MIGRATIONS)
                    .baselineOnMigrate(true).baselineVersion("0").target("2").load().migrate();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("""
                        INSERT INTO portal.users (id, email, display_name, password_hash, password_changed_at) VALUES
                          ('00000000-0000-4000-8000-000000000001', 'ann@example.com', 'Ann', 'x', now()),
                          ('00000000-0000-4000-8000-000000000002', 'bob@example.com', 'Bob', 'x', now());
                        INSERT INTO portal.password_reset_tokens (user_id, token_hash, expires_at, created_at, used_at) VALUES
                          ('00000000-0000-4000-8000-000000000001', sha256('a1'), now() + interval '30 min', now() - interval '3 min', NULL),
                          ('00000000-0000-4000-8000-000000000001', sha256('a2'), now() + interval '30 min', now() - interval '2 min', NULL),
                          ('00000000-0000-4000-8000-000000000001', sha256('a3'), now() + interval '30 min', now() - interval '1 min', NULL),
                          ('00000000-0000-4000-8000-000000000001', sha256('a0'), now() + interval '30 min', now() - interval '9 min', now()),
                          ('00000000-0000-4000-8000-000000000002', sha256('b1'), now() + interval '30 min', now() - interval '5 min', NULL);
                        """);
            }
            Portal.builder().dataSource(ds).install(new AuthModule()).migration(MigrationMode.APPLY).build().close();
            List<String> live = new ArrayList<>();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT u.email || ':' || CASE t.token_hash WHEN sha256('a1') THEN 'a1'"
                         + " WHEN sha256('a2') THEN 'a2' WHEN sha256('a3') THEN 'a3' WHEN sha256('b1') THEN 'b1' ELSE '?' END"
                         + " FROM portal.password_reset_tokens t JOIN portal.users u ON u.id = t.user_id"
                         + " WHERE t.used_at IS NULL ORDER BY 1")) {
                while (rs.next()) {
                    live.add(rs.getString(1));
                }
            }
            assertThat(live).as("live reset tokens after the upgrade").containsExactly("ann@example.com:a3", "bob@example.com:b1");
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }
}
