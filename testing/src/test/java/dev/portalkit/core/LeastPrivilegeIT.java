package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.portalkit.demo.DemoItem;
import dev.portalkit.demo.DemoModule;
import dev.portalkit.demo.DemoService;
import dev.portalkit.demoaddon.DemoAddonModule;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * README, "Least privilege: two roles": its SQL, run as printed, gives a runtime role that runs the
 * services, a module installed later included, and cannot touch the audit trail or the schema; the
 * start-up check ({@code requireLeastPrivilege}) warns about, or refuses, a pool role with more
 * rights. Roles are cluster-wide: each test makes its own, uniquely named, and drops them after.
 */
class LeastPrivilegeIT {

    static final CallContext WHO = CallContext.system("least-privilege-test");
    static final java.util.UUID WHO_ID = java.util.UUID.randomUUID();
    static final Setting<String> SITE = Setting.string("site.name", "x");

    TestDatabase db;
    final String suffix = HexFormat.of().formatHex(random(5));
    final String owner = "lp_owner_" + suffix;
    final String app = "lp_app_" + suffix;
    final String single = "lp_single_" + suffix;
    final Map<String, String> passwords = Map.of(owner, password(), app, password(), single, password());

    @BeforeEach
    void emptyDatabase() {
        db = TestDatabases.empty();
    }

    /**
     * A role that owns anything, or holds a privilege anywhere, cannot be dropped: the schema goes first
     * (with the extension the administrator created in it), then what the roles own and were granted.
     */
    @AfterEach
    void dropRolesAndDatabase() throws SQLException {
        try {
            List<String> made = Queries.column(admin(db.name()), "SELECT rolname FROM pg_roles WHERE rolname = ANY (?)",
                    (Object) new String[] {owner, app, single});
            if (!made.isEmpty()) {
                exec(admin(db.name()), "DROP SCHEMA IF EXISTS portal CASCADE", "DROP OWNED BY " + String.join(", ", made),
                        "DROP ROLE " + String.join(", ", made));
            }
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    @Test
    void theReadmesRolesRunEveryServiceAndALaterModuleWhileTheRuntimeRoleCannotTouchTheAuditTrailOrTheSchema()
            throws SQLException {
        exec(admin(db.name()), readmeRoles());

        try (Portal portal = twoRoles().install(new DemoModule()).settings(SITE).build()) {
            DemoItem item = portal.service(DemoService.class).create("first", 2, WHO);
            portal.service(DemoService.class).adjust("first", 3, WHO);
            portal.service(SettingsService.class).set(SITE, "Acme", WHO);
            NavigationService nav = portal.service(NavigationService.class);
            NavItem docs = nav.create(null, null, NavItemInput.link("Docs", "/docs"), WHO);
            nav.create(docs.id(), null, NavItemInput.link("Admin", "/docs/admin"), WHO);
            portal.service(ActivityLog.class).record(AuditEvent.of("doc.signed", "demo_item", item.id()), WHO);
            // The runtime role seals, and erases through the function only.
            portal.service(ActivityLog.class).seal();
            assertThat(portal.service(ActivityLog.class).erasePersonalData(WHO_ID, CallContext.system("dsr"))).isZero();
            AuditVerification v = portal.service(ActivityLog.class).verify();
            assertThat(v.intact()).as(v.toString()).isTrue();
            assertThat(v.rowsChecked()).isGreaterThanOrEqualTo(5);
        }
        // What core's V3 and V4 left the runtime role on the audit trail, after the default privileges gave it DML.
        assertThat(privileges("portal.activity_logs")).isEqualTo("INSERT SELECT");
        assertThat(privileges("portal.activity_log_head")).isEqualTo("SELECT");
        assertThat(privileges("portal.activity_log_seals")).isEqualTo("INSERT SELECT");
        assertThat(privileges("portal.activity_log_checkpoints")).isEqualTo("INSERT SELECT");
        assertThat(privileges("portal.activity_log_erasures")).isEqualTo("SELECT");
        assertThat(privileges("portal.activity_log_txid_shifts")).isEqualTo("SELECT");
        assertThat(privileges("portal.nav_items")).isEqualTo("DELETE INSERT SELECT UPDATE");
        // What the owner's migration run took back: a role that writes the history can make the owner skip a migration.
        assertThat(privileges("portal.portalkit_core_history")).isEqualTo("SELECT");
        assertThat(privileges("portal.portalkit_demo_history")).isEqualTo("SELECT");

        List<String> refused = List.of(
                "UPDATE portal.activity_logs SET action = 'doc.unsigned'",
                "DELETE FROM portal.activity_logs",
                "TRUNCATE portal.activity_logs",
                "ALTER TABLE portal.activity_logs DISABLE TRIGGER activity_logs_append_only",
                "ALTER TABLE portal.activity_logs DISABLE TRIGGER ALL",
                "SET session_replication_role = replica",
                "UPDATE portal.activity_log_head SET last_seq = 0",
                "DELETE FROM portal.activity_log_head",
                "ALTER FUNCTION portal.activity_logs_chain() SECURITY INVOKER",
                "UPDATE portal.activity_log_seals SET mac = mac",
                "DELETE FROM portal.activity_log_seals",
                "TRUNCATE portal.activity_log_checkpoints",
                "UPDATE portal.activity_log_checkpoints SET mac = mac",
                "INSERT INTO portal.activity_log_erasures (seq, subject_id) VALUES (1, gen_random_uuid())",
                "DELETE FROM portal.activity_log_erasures",
                "INSERT INTO portal.activity_log_txid_shifts (shift, above) VALUES (1, '0')",
                "ALTER TABLE portal.activity_logs ALTER COLUMN txid SET DEFAULT '0'",
                "ALTER TABLE portal.activity_log_seals DISABLE TRIGGER ALL",
                "ALTER FUNCTION portal.activity_logs_erase(uuid) SECURITY INVOKER",
                "ALTER FUNCTION portal.activity_logs_erase(uuid, jsonb) SECURITY INVOKER",
                "SELECT set_config('portalkit.audit_erasure', 'on', false); UPDATE portal.activity_logs SET actor_email = NULL",
                "ALTER TABLE portal.nav_items ADD COLUMN planted integer",
                "ALTER TABLE portal.demo_items DROP CONSTRAINT demo_items_code_key",
                "DROP TABLE portal.app_settings",
                "DROP TABLE portal.activity_logs",
                "CREATE TABLE portal.planted (id integer)",
                "CREATE FUNCTION portal.convert_to(text, text) RETURNS bytea LANGUAGE sql AS 'SELECT NULL::bytea'",
                "DROP SCHEMA portal CASCADE",
                "UPDATE portal.portalkit_core_history SET success = false",
                "INSERT INTO portal.portalkit_core_history (installed_rank, version, description, type, script, checksum,"
                        + " installed_by, execution_time, success) VALUES (99, '99', 'skip', 'SQL', 'V99__skip.sql', 0, 'x', 0,"
                        + " true)");
        for (String sql : refused) {
            assertRefused(as(app), sql);
        }

        // A module installed later: its tables are created by the owner and granted by the default privileges.
        try (Portal portal = twoRoles().install(new DemoModule(), new DemoAddonModule()).build()) {
            DemoItem item = portal.service(DemoService.class).create("second", 1, WHO);
            exec(as(app), "INSERT INTO portal.demo_notes (item_id, body) VALUES ('" + item.id() + "', 'a note')",
                    "UPDATE portal.demo_notes SET body = 'changed'",
                    "INSERT INTO portal.demo_slots (item_id, during) VALUES ('" + item.id()
                            + "', tstzrange('2026-01-01 10:00Z', '2026-01-01 11:00Z'))");
            assertRefused(as(app), "INSERT INTO portal.demo_slots (item_id, during) VALUES ('" + item.id()
                    + "', tstzrange('2026-01-01 10:30Z', '2026-01-01 11:30Z'))", "23P01");
            exec(as(app), "DELETE FROM portal.demo_notes");
            assertRefused(as(app), "DROP TABLE portal.demo_notes");
            assertRefused(as(app), "ALTER TABLE portal.demo_slots DROP CONSTRAINT demo_slots_no_overlap");
            AuditVerification v = portal.service(ActivityLog.class).verify();
            assertThat(v.intact()).as(v.toString()).isTrue();
        }
        assertThat(privileges("portal.demo_notes")).isEqualTo("DELETE INSERT SELECT UPDATE");
        assertThat(privileges("portal.activity_logs")).isEqualTo("INSERT SELECT");
        assertThat(privileges("portal.portalkit_demoaddon_history")).isEqualTo("SELECT");
        // The owner is held by the triggers still, and the chain would tell if they were switched off.
        assertRefused(as(owner), "UPDATE portal.activity_logs SET action = 'doc.unsigned'", "PK001");
    }

    @Test
    void aPoolThatMigratedAndOwnsTheSchemaIsWarnedAboutByDefaultRefusedOnRequestAndTheReadmeMovesItToTwoRoles()
            throws SQLException {
        exec(admin(db.name()), "CREATE ROLE " + single + " LOGIN PASSWORD '" + passwords.get(single) + "'",
                "GRANT CREATE ON DATABASE " + db.name() + " TO " + single);

        String log = stderrOf(() -> {
            try (Portal portal = pool(single).install(new DemoModule()).build()) {
                portal.service(DemoService.class).create("one", 1, WHO);
            }
            return null;
        });
        assertThat(log).as(log)
                .contains("WARN", "[PK-1007] The pool connects as database role " + single)
                .contains("it owns schema portal, so it can drop it with every table in it")
                .containsPattern("it owns \\d+ object\\(s\\) in schema portal \\(as " + single + "; e\\.g\\. activity_actors, ")
                .contains("migrationDataSource(ownerDataSource)", "Least privilege: two roles",
                        "This Portal migrates over its own pool", "requireLeastPrivilege(true) refuses instead");

        assertThatThrownBy(() -> pool(single).install(new DemoModule()).requireLeastPrivilege(true).build())
                .isInstanceOf(PortalException.class)
                .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.PRIVILEGED_RUNTIME_ROLE))
                .hasMessageStartingWith("[PK-1007] The pool connects as database role " + single)
                .hasMessageContaining("it owns schema portal")
                .hasMessageContaining("Fix: connect the pool as a runtime role");
        // VALIDATE migrates nothing: the finding is the same, without the hint about migrating over the pool.
        assertThatThrownBy(() -> pool(single).install(new DemoModule()).migration(MigrationMode.VALIDATE)
                .requireLeastPrivilege(true).build())
                .hasMessageContaining("it owns schema portal")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("This Portal migrates over its own pool"));

        // The README's move of a schema one role migrated to two roles, with its default privileges.
        List<String> defaults = statements(readmeRoles()).stream()
                .filter(s -> s.startsWith("ALTER DEFAULT PRIVILEGES")).toList();
        assertThat(defaults).hasSize(3);
        exec(admin(db.name()), "CREATE ROLE " + owner + " LOGIN PASSWORD '" + passwords.get(owner) + "'",
                "CREATE ROLE " + app + " LOGIN PASSWORD '" + passwords.get(app) + "'");
        exec(admin(db.name()), roles(readmeBlock(2).replace("old_role", single)));
        exec(admin(db.name()), defaults.toArray(String[]::new));
        try (Portal portal = twoRoles().install(new DemoModule(), new DemoAddonModule()).build()) {
            portal.service(DemoService.class).create("two", 1, WHO);
            assertThat(portal.service(ActivityLog.class).verify().intact()).isTrue();
        }
        assertThat(privileges("portal.activity_logs")).isEqualTo("INSERT SELECT");
        assertThat(privileges("portal.demo_slots")).isEqualTo("DELETE INSERT SELECT UPDATE");
        assertRefused(as(app), "ALTER TABLE portal.activity_logs DISABLE TRIGGER activity_logs_append_only");
        assertRefused(as(single), "DROP TABLE portal.demo_items");
    }

    @Test
    void rightsTheRuntimeRoleReachesThroughAnotherRoleAreFindingsToo() throws SQLException {
        exec(admin(db.name()), readmeRoles());
        twoRoles().install(new DemoModule()).build().close();

        // A member of the owner can SET ROLE to it.
        exec(admin(db.name()), "GRANT " + owner + " TO " + app);
        assertThatThrownBy(() -> twoRoles().build())
                .hasMessageContaining("it owns schema portal (as " + owner + ")")
                .hasMessageContaining("(as " + owner + "; e.g. activity_actors, activity_log_checkpoints, activity_log_erasures");
        exec(admin(db.name()), "REVOKE " + owner + " FROM " + app);
        twoRoles().build().close();

        // A pool that logs in as a superuser and SET ROLEs to the runtime role can RESET ROLE.
        assertThat(Queries.column(admin(db.name()), "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
                .as("the test server's own user is a superuser (embedded and CI servers)").containsExactly("t");
        HikariConfig h = new HikariConfig();
        h.setDataSource(admin(db.name()));
        h.setConnectionInitSql("SET ROLE " + app);
        h.setMaximumPoolSize(2);
        h.setMinimumIdle(0);
        try (HikariDataSource setRole = new HikariDataSource(h)) {
            assertThat(Queries.column(setRole, "SELECT current_user")).containsExactly(app);
            assertThatThrownBy(() -> Portal.builder().dataSource(setRole).migration(MigrationMode.NONE)
                    .requireLeastPrivilege(true).build())
                    .hasMessageStartingWith("[PK-1007] The pool connects as database role ")
                    .hasMessageContaining("it is a superuser");
        }
    }

    @Test
    void createOnTheSchemaAndWritesToTheAuditTrailOrTheHistoryGrantedLaterAreFindings() throws SQLException {
        exec(admin(db.name()), readmeRoles());
        twoRoles().install(new DemoModule()).build().close();

        exec(admin(db.name()), "GRANT CREATE ON SCHEMA portal TO " + app);
        assertThatThrownBy(() -> twoRoles().build())
                .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.PRIVILEGED_RUNTIME_ROLE))
                .hasMessageContaining("it may CREATE objects in schema portal (as " + app + ")");
        exec(admin(db.name()), "REVOKE CREATE ON SCHEMA portal FROM " + app);

        // What a careless GRANT ... ON ALL TABLES gives back: the check names it (VALIDATE: a migration run
        // would take back the history's part first), and the triggers still refuse.
        exec(admin(db.name()), "GRANT UPDATE, TRUNCATE ON ALL TABLES IN SCHEMA portal TO " + app);
        assertThatThrownBy(() -> twoRoles().migration(MigrationMode.VALIDATE).build())
                .hasMessageContaining("it may TRUNCATE, UPDATE portal.activity_logs, which is append-only")
                .hasMessageContaining("it may write the migration history (portalkit_core_history, portalkit_demo_history)")
                .hasMessageContaining("it may TRUNCATE activity_log_checkpoints, UPDATE activity_log_checkpoints, TRUNCATE"
                        + " activity_log_erasures, UPDATE activity_log_erasures, TRUNCATE activity_log_removals, UPDATE"
                        + " activity_log_removals, TRUNCATE activity_log_seals, UPDATE activity_log_seals, TRUNCATE"
                        + " activity_log_txid_shifts, UPDATE activity_log_txid_shifts, TRUNCATE activity_logs_")
                // activity_logs' partitions (core V11), the table from before partitioning among them.
                .hasMessageContaining("TRUNCATE activity_logs_legacy, UPDATE activity_logs_legacy in schema portal");
        assertRefused(as(app), "UPDATE portal.activity_logs SET action = 'doc.unsigned'", "PK001");
        assertRefused(as(app), "TRUNCATE portal.activity_logs", "PK001");
        assertRefused(as(app), "UPDATE portal.activity_log_seals SET mac = mac", "PK001");
        assertRefused(as(app), "TRUNCATE portal.activity_log_checkpoints", "PK001");
        assertRefused(as(app), "TRUNCATE portal.activity_logs_legacy", "PK001");
        assertRefused(as(app), "UPDATE portal.activity_logs_default SET action = 'doc.unsigned'", "PK001");
        assertRefused(as(app), "TRUNCATE portal.activity_log_removals", "PK001");
        // The README's statements take it back: the revokes, and activity_logs_protect on every partition.
        exec(admin(db.name()), "REVOKE UPDATE, TRUNCATE ON portal.activity_logs FROM " + app,
                "REVOKE UPDATE, TRUNCATE ON portal.activity_log_seals, portal.activity_log_checkpoints,"
                        + " portal.activity_log_erasures, portal.activity_log_txid_shifts, portal.activity_log_removals FROM " + app,
                "SELECT portal.activity_logs_protect(inhrelid::regclass) FROM pg_inherits"
                        + " WHERE inhparent = 'portal.activity_logs'::regclass");
        assertThatThrownBy(() -> twoRoles().migration(MigrationMode.VALIDATE).build())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("activity_logs").doesNotContain("activity_log_"))
                .hasMessageContaining("it may write the migration history");
        // The owner's migration run (APPLY) takes the history's writes back, and the check passes.
        twoRoles().build().close();
        assertThat(privileges("portal.portalkit_core_history")).isEqualTo("SELECT");
        twoRoles().migration(MigrationMode.VALIDATE).build().close();
    }

    // ---------------------------------------------------------------------------------------------

    /** The runtime role as the pool, the owner for migrations, and the check on. */
    private Portal.Builder twoRoles() {
        return pool(app).migrationDataSource(as(owner)).requireLeastPrivilege(true);
    }

    private Portal.Builder pool(String role) {
        return Portal.builder().jdbcUrl(db.directJdbcUrl()).username(role).password(passwords.get(role)).minimumIdle(0)
                .maximumPoolSize(2);
    }

    private DataSource as(String role) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db.directJdbcUrl());
        ds.setUser(role);
        ds.setPassword(passwords.get(role));
        return ds;
    }

    private static DataSource admin(String database) {
        return TestDatabases.server().adminDataSource(database);
    }

    /** The runtime role's table privileges on {@code table}, sorted. */
    private String privileges(String table) {
        return Queries.column(admin(db.name()), "SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE',"
                + " 'TRIGGER', 'REFERENCES']) p WHERE has_table_privilege(CAST(? AS name), CAST(? AS text), p) ORDER BY p", app, table)
                .stream().collect(Collectors.joining(" "));
    }

    /** The README's first SQL block of the section, with this test's role names, passwords and database. */
    private String readmeRoles() {
        return roles(readmeBlock(1));
    }

    private String roles(String sql) {
        return sql.replaceAll("\\bportal_owner\\b", owner).replaceAll("\\bportal_app\\b", app)
                .replace(":'owner_password'", "'" + passwords.get(owner) + "'")
                .replace(":'app_password'", "'" + passwords.get(app) + "'")
                .replaceAll("DATABASE app\\b", "DATABASE " + db.name());
    }

    /** The {@code n}th {@code ```sql} block of the README's section "Least privilege: two roles". */
    static String readmeBlock(int n) {
        String readme;
        try {
            readme = Files.readString(Path.of("..", "README.md"));
        } catch (IOException e) {
            throw new IllegalStateException("README.md is read from the repository root", e);
        }
        int start = readme.indexOf("\n## Least privilege: two roles\n");
        assertThat(start).as("README has the section 'Least privilege: two roles'").isGreaterThan(0);
        int end = readme.indexOf("\n## ", start + 5);
        Matcher m = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(start, end));
        for (int i = 0; i < n; i++) {
            if (!m.find()) {
                fail("README section 'Least privilege: two roles' has fewer than " + n + " sql blocks");
            }
        }
        return m.group(1);
    }

    /** Statements of a script without its comment lines, each on one line. */
    private static List<String> statements(String sql) {
        String code = Arrays.stream(sql.split("\n")).filter(l -> !l.strip().startsWith("--"))
                .collect(Collectors.joining("\n"));
        return Arrays.stream(code.split(";")).map(s -> s.strip().replaceAll("\\s+", " ")).filter(s -> !s.isEmpty()).toList();
    }

    private static void assertRefused(DataSource ds, String sql) {
        assertRefused(ds, sql, "42501");
    }

    /** {@code sql} fails with {@code sqlState} (42501: insufficient privilege, "must be owner" included). */
    private static void assertRefused(DataSource ds, String sql, String sqlState) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            assertThat(e.getSQLState()).as("%s failed with %s", sql, e.getMessage()).isEqualTo(sqlState);
            return;
        }
        fail("The database ran, and should have refused: " + sql);
    }

    private static void exec(DataSource ds, String... sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** What PortalKit logged (slf4j-simple writes to System.err) while {@code work} ran. */
    private static String stderrOf(Supplier<Void> work) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.get();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        return log;
    }

    private static String password() {
        return HexFormat.of().formatHex(random(16));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
