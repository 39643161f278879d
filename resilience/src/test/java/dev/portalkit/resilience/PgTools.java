package dev.portalkit.resilience;

import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentest4j.TestAbortedException;

/**
 * PostgreSQL's own client programs ({@code pg_dump}, {@code pg_restore}, {@code psql},
 * {@code createdb}) run against the test kit's server, the way an operator backs up and restores a
 * host's database. Each runs as a child process with a bounded wait; a failure names the command
 * and carries its stderr. The password, if any, goes through {@code PGPASSWORD}, never the command
 * line.
 */
final class PgTools {

    /** Set to {@code true} (CI's pass on the PostgreSQL server) and missing prerequisites fail instead of skipping. */
    static final String REQUIRE = "PORTALKIT_REQUIRE_BACKUP_TEST";

    private static final Duration QUICK = Duration.ofSeconds(30);
    private static final Duration SLOW = Duration.ofMinutes(3);
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://)([^/?]+)/([^?]*)(\\?.*)?");
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");
    private static final List<String> PROGRAMS = List.of("pg_dump", "pg_restore", "psql", "createdb");

    /** What a finished command left: its exit code and what it printed. */
    record Result(String command, int exitCode, String stdout, String stderr) {
    }

    private final Map<String, Path> programs;
    private final int clientMajor;

    private PgTools(Map<String, Path> programs, int clientMajor) {
        this.programs = programs;
        this.clientMajor = clientMajor;
    }

    /**
     * The client programs on PATH, when the test kit runs on a server named by
     * {@code PORTALKIT_TEST_JDBC_URL}; otherwise the calling class is skipped with the reason printed
     * (or fails, under {@value #REQUIRE}). Call {@link #checkServer} once a database exists.
     */
    static PgTools locate() {
        // The test kit's own rule (testing's Servers): an existing server only when the URL is set and
        // neither the embedded nor the container server is asked for explicitly.
        String url = setting("PORTALKIT_TEST_JDBC_URL");
        String kind = setting("PORTALKIT_TEST_DATABASE");
        if (url == null || url.isBlank() || "embedded".equalsIgnoreCase(kind) || "testcontainers".equalsIgnoreCase(kind)) {
            String which = "testcontainers".equalsIgnoreCase(kind) ? "a Testcontainers" : "the embedded";
            throw unavailable("the test kit runs " + which + " PostgreSQL, not a server named by PORTALKIT_TEST_JDBC_URL,"
                    + " so there is no server to dump");
        }
        Map<String, Path> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : PROGRAMS) {
            Path p = onPath(name);
            if (p == null) {
                missing.add(name);
            } else {
                found.put(name, p);
            }
        }
        if (!missing.isEmpty()) {
            throw unavailable(String.join(", ", missing) + " not on PATH (" + System.getenv("PATH")
                    + "): install PostgreSQL's client programs (Debian: postgresql-client)");
        }
        Result version = run(List.of(found.get("pg_dump").toString(), "--version"), Map.of(), QUICK);
        Matcher m = VERSION.matcher(version.stdout());
        if (version.exitCode() != 0 || !m.find()) {
            throw unavailable(found.get("pg_dump") + " --version did not say its version: " + version.stdout()
                    + version.stderr());
        }
        return new PgTools(found, Integer.parseInt(m.group(1)));
    }

    /**
     * pg_dump refuses a server newer than itself ("aborting because of server version mismatch"):
     * skips (or fails) unless its major version is at least the server's.
     */
    void checkServer(TestDatabase db) {
        int serverMajor;
        try (Connection c = db.directDataSource().getConnection()) {
            serverMajor = c.getMetaData().getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the server version of " + db + ": " + e.getMessage(), e);
        }
        if (clientMajor < serverMajor) {
            throw unavailable(programs.get("pg_dump") + " is version " + clientMajor + ", older than the server ("
                    + serverMajor + "): put pg_dump " + serverMajor + " or newer first on PATH");
        }
    }

    /**
     * Runs a class's set-up; when it skips (a missing prerequisite), returns the reason instead, for each
     * test to report itself skipped with it ({@code Assumptions.assumeTrue(reason == null, reason)}):
     * a class aborted in {@code @BeforeAll} would show as zero tests run.
     */
    static String skipReason(Runnable setUp) {
        try {
            setUp.run();
            return null;
        } catch (TestAbortedException e) {
            return e.getMessage();
        }
    }

    /**
     * What to throw when a prerequisite is missing: a skip, with the reason printed, or a failure
     * when {@value #REQUIRE}=true.
     */
    private static RuntimeException unavailable(String reason) {
        if ("true".equalsIgnoreCase(setting(REQUIRE))) {
            return new IllegalStateException(REQUIRE + "=true, but the backup test cannot run: " + reason);
        }
        String message = "Backup test skipped: " + reason + " (set " + REQUIRE + "=true to make this a failure)";
        System.out.println(message);
        return new TestAbortedException(message);
    }

    // ------------------------------------------------------------------------------- commands

    /** {@code pg_dump -Fc}: the whole database, in the custom format pg_restore reads. */
    void dumpDatabase(TestDatabase db, Path file) {
        expectSuccess(db, "pg_dump", "-Fc", "-f", file.toString(), "-d", db.name());
    }

    /** {@code pg_dump -n schema [-e extension]}: one schema as SQL for psql, with the extension or without. */
    void dumpSchema(TestDatabase db, String schema, String extension, Path file) {
        List<String> args = new ArrayList<>(List.of("-n", schema));
        if (extension != null) {
            args.addAll(List.of("-e", extension));
        }
        args.addAll(List.of("-f", file.toString(), "-d", db.name()));
        expectSuccess(db, "pg_dump", args.toArray(String[]::new));
    }

    /**
     * {@code createdb -T template0}: a new, empty database on the same server, named so the test kit
     * can drop it ({@link #drop}). template0 because a restore must not meet objects a host may have
     * added to template1.
     */
    TestDatabase createDatabase(TestDatabase like) {
        String name = "pk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        expectSuccess(like, "createdb", "-T", "template0", name);
        return sibling(like, name);
    }

    /** {@code pg_restore --exit-on-error} (and {@code options}): a custom-format dump into {@code target}; any error fails. */
    void restore(Path file, TestDatabase target, String... options) {
        List<String> args = new ArrayList<>(List.of("--exit-on-error"));
        args.addAll(List.of(options));
        args.addAll(List.of("-d", target.name(), file.toString()));
        expectSuccess(target, "pg_restore", args.toArray(String[]::new));
    }

    /**
     * {@code psql -f file}: with {@code stopOnError} any error fails the call; without it psql goes on
     * past errors, as a careless restore does, and the result shows what it printed.
     */
    Result psql(Path file, TestDatabase target, boolean stopOnError) {
        String[] args = {"-X", "-q", "-v", "ON_ERROR_STOP=" + (stopOnError ? 1 : 0), "-f", file.toString(),
            "-d", target.name()};
        return stopOnError ? expectSuccess(target, "psql", args) : command(target, "psql", args);
    }

    /** Drops a database this test created, closing what is still connected to it (the test kit's DROP ... WITH (FORCE)). */
    static void drop(TestDatabase db) {
        if (db != null) {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    private Result expectSuccess(TestDatabase db, String program, String... args) {
        Result r = command(db, program, args);
        if (r.exitCode() != 0) {
            throw new AssertionError(r.command() + " exited with " + r.exitCode() + "; its stderr:\n" + r.stderr());
        }
        return r;
    }

    /** Runs one program against the server of {@code db} (straight to PostgreSQL, never through a pooler). */
    private Result command(TestDatabase db, String program, String... args) {
        Matcher m = URL.matcher(db.directJdbcUrl());
        if (!m.matches()) {
            throw new IllegalStateException("Not a jdbc:postgresql://host:port/db URL: " + db.directJdbcUrl());
        }
        List<String> cmd = new ArrayList<>(List.of(programs.get(program).toString()));
        String hostPort = m.group(2);
        int colon = hostPort.lastIndexOf(':');
        boolean hasPort = colon > hostPort.lastIndexOf(']'); // an IPv6 literal is bracketed
        cmd.addAll(List.of("-h", (hasPort ? hostPort.substring(0, colon) : hostPort).replace("[", "").replace("]", "")));
        cmd.addAll(List.of("-p", hasPort ? hostPort.substring(colon + 1) : "5432"));
        if (db.username() != null) {
            cmd.addAll(List.of("-U", db.username()));
        }
        cmd.addAll(List.of(args));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGCONNECT_TIMEOUT", "10");
        if (db.password() != null) {
            env.put("PGPASSWORD", db.password());
        }
        Matcher ssl = Pattern.compile("[?&]sslmode=([a-z-]+)").matcher(m.group(4) == null ? "" : m.group(4));
        if (ssl.find()) {
            env.put("PGSSLMODE", ssl.group(1));
        }
        return run(cmd, env, program.equals("createdb") ? QUICK : SLOW);
    }

    /**
     * Runs a command with a bounded wait. Output goes to files, not pipes, so a chatty command can
     * never block on a full pipe while we wait for it.
     */
    private static Result run(List<String> cmd, Map<String, String> env, Duration max) {
        String shown = String.join(" ", cmd);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("portalkit-pg-", ".out");
            err = Files.createTempFile("portalkit-pg-", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(shown + " did not finish within " + max + "; its stderr so far:\n" + read(err));
            }
            return new Result(shown, p.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new AssertionError("Cannot run " + shown + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + shown, e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    /** The same server and connection options as {@code like}, another database. */
    private static TestDatabase sibling(TestDatabase like, String name) {
        return new TestDatabase(name, renamed(like.jdbcUrl(), name), like.username(), like.password(),
                renamed(like.directJdbcUrl(), name));
    }

    private static String renamed(String url, String database) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("Not a jdbc:postgresql://host:port/db URL: " + url);
        }
        return m.group(1) + m.group(2) + "/" + database + (m.group(4) == null ? "" : m.group(4));
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toAbsolutePath();
            }
        }
        return null;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static void delete(Path p) {
        try {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As the test kit reads its settings: a system property wins over the environment variable. */
    private static String setting(String name) {
        String p = System.getProperty(name);
        return p != null ? p : System.getenv(name);
    }
}
