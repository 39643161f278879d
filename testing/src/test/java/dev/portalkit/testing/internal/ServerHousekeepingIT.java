package dev.portalkit.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the kit does on the server besides handing out databases (issue #16, section 7): it marks
 * what it creates and drops what a JVM that is gone left behind, and nothing else; a role without
 * CREATEDB is told what it lacks; and on an existing server, creating, cloning and dropping do not
 * wait for each other.
 */
class ServerHousekeepingIT {

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.core();

    private final List<String> made = new ArrayList<>();

    @AfterEach
    void dropWhatWasMade() {
        for (String db : made) {
            admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    @Test
    void whatTheKitCreatesCarriesAMarkNamingThisJvm() {
        Leftovers.Mark mark = Leftovers.parse(comment(kit.database().name())).orElseThrow();
        assertThat(mark.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(Leftovers.stale(mark, Instant.now())).isFalse();
        // Clones too (a comment is not copied from the template), and empty databases.
        TestDatabase empty = TestDatabases.empty();
        made.add(empty.name());
        assertThat(Leftovers.parse(comment(empty.name()))).contains(mark);
    }

    @Test
    void leftoversOfAJvmThatIsGoneAreDroppedAndNothingElse() throws Exception {
        Leftovers.Mark mine = Leftovers.parse(Leftovers.mark()).orElseThrow();
        Instant now = Instant.now();
        long deadPid = deadPid();
        String deadHere = database("portalkit-test pid=" + deadPid + " host=" + mine.host() + " started=" + now.minusSeconds(60));
        String reusedPid = database("portalkit-test pid=" + mine.pid() + " host=" + mine.host() + " started=" + mine.started().minusSeconds(3600));
        String oldElsewhere = database("portalkit-test pid=1 host=elsewhere-" + hex(4) + " started=" + now.minus(Duration.ofHours(25)));
        String liveHere = database(Leftovers.mark());
        String recentElsewhere = database("portalkit-test pid=1 host=elsewhere-" + hex(4) + " started=" + now.minus(Duration.ofHours(1)));
        String unmarked = database(null);
        String someoneElses = database("made by hand, pid=" + deadPid);
        String notOurName = "host_db_" + hex(8);
        made.add(notOurName);
        admin("CREATE DATABASE " + notOurName);
        admin("COMMENT ON DATABASE " + notOurName + " IS 'portalkit-test pid=" + deadPid + " host=" + mine.host()
                + " started=" + now.minusSeconds(60) + "'");

        List<String> dropped = ((AdminServer) TestDatabases.server()).dropStale();

        assertThat(dropped).contains(deadHere, reusedPid, oldElsewhere)
                .doesNotContain(liveHere, recentElsewhere, unmarked, someoneElses, notOurName, kit.database().name());
        assertThat(databases()).doesNotContain(deadHere, reusedPid, oldElsewhere)
                .contains(liveHere, recentElsewhere, unmarked, someoneElses, notOurName, kit.database().name());
    }

    /** The whole story: a JVM killed mid-run leaves its database, and the next JVM's first use drops it. */
    @Test
    void theDatabaseOfAKilledJvmIsDroppedByTheNextJvmsFirstUse() throws Exception {
        Process killed = jvm("create");
        String name;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(killed.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("created pk_")) {
                seen.append(line).append('\n');
            }
            assertThat(line).as("the first JVM's output: %s", seen).isNotNull();
            name = line.substring("created ".length());
            made.add(name);
        } finally {
            killed.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook drops anything
        }
        assertThat(databases()).contains(name);

        Process next = jvm("start");
        String out = new String(next.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(next.waitFor()).as(out).isZero();
        assertThat(databases()).doesNotContain(name);
    }

    /** A JVM of the kit on this suite's server, as an existing server (the suite's may be embedded). */
    private static Process jvm(String what) throws IOException {
        AdminServer suite = (AdminServer) TestDatabases.server();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-DPORTALKIT_TEST_JDBC_URL=" + suite.directUrlFor(suite.maintenanceDatabase()),
                "-DPORTALKIT_TEST_DIRECT_JDBC_URL=", "-DPORTALKIT_TEST_DATABASE=external", "-DPORTALKIT_TEST_ROLES=single"));
        if (suite.username() != null) {
            command.add("-DPORTALKIT_TEST_USERNAME=" + suite.username());
        }
        if (suite.password() != null) {
            command.add("-DPORTALKIT_TEST_PASSWORD=" + suite.password());
        }
        command.addAll(List.of(LeftoverJvm.class.getName(), what));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void aRoleWithoutCreatedbIsToldWhichRoleWhereItIsSetAndWhatItNeeds() {
        String role = "pk_nocreatedb_" + hex(4);
        admin("CREATE ROLE " + role + " LOGIN NOCREATEDB PASSWORD 'secret'");
        try {
            AdminServer suite = (AdminServer) TestDatabases.server();
            ExternalServer server = new ExternalServer(suite.directUrlFor(kit.database().name()), null, role, "secret");
            assertThatThrownBy(server::createDatabase).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("test user " + role)
                    .hasMessageContaining("CREATEDB")
                    .hasMessageContaining("ALTER ROLE " + role + " CREATEDB")
                    .hasMessageContaining("PORTALKIT_TEST_USERNAME");
        } finally {
            admin("DROP ROLE " + role);
        }
    }

    /**
     * A clone held up on the server (here: a lock on its template that CREATE DATABASE must wait for)
     * holds up no other create, clone or drop of the JVM: they finish while it still waits.
     */
    @Test
    void onAnExistingServerCreateCloneAndDropDoNotWaitForEachOther() throws Exception {
        AdminServer suite = (AdminServer) TestDatabases.server();
        ExternalServer server = new ExternalServer(suite.directUrlFor(suite.maintenanceDatabase()), null, suite.username(),
                suite.password());
        TestDatabase held = server.createDatabase();
        TestDatabase free = server.createDatabase();
        made.add(held.name());
        made.add(free.name());
        // On a third database: a clone ends the sessions connected to its template.
        try (Connection locker = suite.adminDataSource(kit.database().name()).getConnection(); Statement s = locker.createStatement()) {
            locker.setAutoCommit(false);
            // COMMENT takes a lock on the database that conflicts with the share lock CREATE DATABASE ... TEMPLATE takes.
            s.execute("COMMENT ON DATABASE " + held.name() + " IS 'held by the test'");
            CompletableFuture<TestDatabase> waiting = CompletableFuture.supplyAsync(() -> server.cloneDatabase(held.name()));
            awaitCloneWaitingOnLock(held.name());

            TestDatabase created = server.createDatabase();
            TestDatabase cloned = server.cloneDatabase(free.name());
            server.dropDatabase(created.name());
            server.dropDatabase(cloned.name());
            assertThat(waiting).as("the held clone still waits").isNotDone();

            locker.rollback();
            TestDatabase late = waiting.join();
            made.add(late.name());
            assertThat(databases()).contains(late.name()).doesNotContain(created.name(), cloned.name());
        }
    }

    /** Waits (bounded) until a CREATE DATABASE from {@code template} waits on a lock on the server. */
    private static void awaitCloneWaitingOnLock(String template) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (Queries.number(admin(), "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'CREATE DATABASE % TEMPLATE " + template + "%'") > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("The clone of " + template + " never waited on the lock");
    }

    /** A database named like the kit's, with {@code comment} (none when null). */
    private String database(String comment) {
        String name = "pk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        made.add(name);
        admin("CREATE DATABASE " + name);
        if (comment != null) {
            admin("COMMENT ON DATABASE " + name + " IS '" + comment + "'");
        }
        return name;
    }

    /** A pid no process has: that of a process that has ended (checked, in case it was reused at once). */
    private static long deadPid() throws Exception {
        for (int i = 0; i < 20; i++) {
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            if (ProcessHandle.of(p.pid()).isEmpty()) {
                return p.pid();
            }
        }
        throw new AssertionError("no ended process to borrow a pid from");
    }

    private static String comment(String database) {
        return Queries.column(admin(), "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                + " WHERE datname = ?", database).get(0);
    }

    private static List<String> databases() {
        return Queries.column(admin(), "SELECT datname FROM pg_database");
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The server's own user: sees every session's query and may create roles. */
    private static DataSource admin() {
        return TestDatabases.server().adminDataSource(kit.database().name());
    }

    private static void admin(String sql) {
        try (Connection c = admin().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
