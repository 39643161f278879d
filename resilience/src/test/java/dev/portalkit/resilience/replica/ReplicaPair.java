package dev.portalkit.resilience.replica;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;

/**
 * A PostgreSQL 15 primary and a streaming replica of it ({@code initdb}, {@code pg_basebackup -R}),
 * each on a free port of 127.0.0.1 in a temporary directory, run as the current user; {@link #close()}
 * stops both ({@code -m immediate}) and deletes the directory. Without the binaries, or as root (which
 * {@code postgres} refuses), the calling test class is skipped with the reason, or fails when
 * {@value #REQUIRE} is {@code true} (CI).
 */
final class ReplicaPair implements AutoCloseable {

    static final String REQUIRE = "PORTALKIT_REQUIRE_REPLICA";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Path bin;
    private final Path root;
    private final Path primaryDir;
    private final Path replicaDir;
    final int primaryPort;
    final int replicaPort;

    private ReplicaPair(Path bin, Path root) throws IOException {
        this.bin = bin;
        this.root = root;
        this.primaryDir = root.resolve("primary");
        this.replicaDir = root.resolve("replica");
        int[] ports = freePorts();
        this.primaryPort = ports[0];
        this.replicaPort = ports[1];
    }

    /** Starts the pair, or skips (fails under {@value #REQUIRE}) when this machine cannot. */
    static ReplicaPair start() {
        String dir = System.getenv().getOrDefault("PORTALKIT_PG_BIN", "/usr/lib/postgresql/15/bin");
        Path bin = Path.of(dir);
        for (String program : List.of("initdb", "pg_ctl", "pg_basebackup", "postgres")) {
            if (!Files.isExecutable(bin.resolve(program))) {
                throw unavailable(program + " not found in " + bin + " (set PORTALKIT_PG_BIN to PostgreSQL 15's bin directory)");
            }
        }
        if (isRoot()) {
            throw unavailable("running as root, which postgres refuses: run the build as an unprivileged user");
        }
        ReplicaPair pair = null;
        try {
            pair = new ReplicaPair(bin, Files.createTempDirectory("portalkit-replica"));
            pair.boot();
            return pair;
        } catch (IOException | RuntimeException e) {
            if (pair != null) {
                pair.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private void boot() throws IOException {
        run("initdb", "-D", primaryDir.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync",
                "--locale=C");
        Files.writeString(primaryDir.resolve("postgresql.conf"), settings(primaryPort)
                + "wal_level = replica\nmax_wal_senders = 4\nwal_keep_size = '256MB'\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        run("pg_ctl", "-D", primaryDir.toString(), "-l", root.resolve("primary.log").toString(), "-w", "-t", "60", "start");
        run("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(primaryPort), "-U", "postgres",
                "-D", replicaDir.toString(), "-R", "-X", "stream", "-c", "fast", "--no-sync");
        Files.writeString(replicaDir.resolve("postgresql.conf"), settings(replicaPort) + "hot_standby = on\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        startReplica();
    }

    private String settings(int port) {
        return "\nport = " + port + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '" + root
                + "'\nfsync = off\nmax_connections = 60\nshared_buffers = '32MB'\n";
    }

    String primaryUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres";
    }

    String replicaUrl() {
        return "jdbc:postgresql://127.0.0.1:" + replicaPort + "/postgres";
    }

    Connection primary() throws SQLException {
        return DriverManager.getConnection(primaryUrl(), "postgres", "");
    }

    Connection replica() throws SQLException {
        return DriverManager.getConnection(replicaUrl(), "postgres", "");
    }

    /** Starts the replica (again) and waits until it streams from the primary. */
    void startReplica() {
        run("pg_ctl", "-D", replicaDir.toString(), "-l", root.resolve("replica.log").toString(), "-w", "-t", "60", "start");
        awaitStreaming();
    }

    /** Stops the replica the hard way, as a crash would. */
    void killReplica() {
        run("pg_ctl", "-D", replicaDir.toString(), "-m", "immediate", "-w", "stop");
    }

    void pauseReplay() {
        onReplica("SELECT pg_wal_replay_pause()");
        // Pausing takes effect at the next record: wait until the standby says it is paused.
        await(() -> "paused".equals(queryReplica("SELECT pg_get_wal_replay_pause_state()")), "replay to pause");
    }

    void resumeReplay() {
        onReplica("SELECT pg_wal_replay_resume()");
    }

    /** Waits until the replica has replayed everything the primary has written so far. */
    void awaitCaughtUp() {
        String target = queryPrimary("SELECT pg_current_wal_lsn()::text");
        await(() -> "t".equals(queryReplica("SELECT pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn")),
                "the replica to replay up to " + target);
    }

    private void awaitStreaming() {
        await(() -> "1".equals(queryPrimary("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"))
                && "t".equals(queryReplica("SELECT pg_is_in_recovery()")), "the replica to stream");
    }

    String queryPrimary(String sql) {
        return query(this::primary, sql);
    }

    String queryReplica(String sql) {
        return query(this::replica, sql);
    }

    void onPrimary(String sql) {
        query(this::primary, sql);
    }

    private void onReplica(String sql) {
        query(this::replica, sql);
    }

    private interface Opener {
        Connection open() throws SQLException;
    }

    private static String query(Opener opener, String sql) {
        try (Connection c = opener.open(); Statement s = c.createStatement()) {
            if (!s.execute(sql)) {
                return null;
            }
            try (ResultSet rs = s.getResultSet()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(Condition condition, String what) {
        long end = System.nanoTime() + WAIT.toNanos();
        Exception last = null;
        while (System.nanoTime() < end) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what, last);
    }

    private void run(String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Path out = root.resolve(program + ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(program + " did not finish within " + WAIT);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(program + " failed (" + p.exitValue() + "): "
                        + Files.readString(out) + logs());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String logs() {
        StringBuilder b = new StringBuilder();
        for (String log : List.of("primary.log", "replica.log")) {
            Path p = root.resolve(log);
            try {
                if (Files.exists(p)) {
                    String text = Files.readString(p);
                    b.append("\n--- ").append(log).append(" ---\n").append(text.length() > 4000 ? text.substring(text.length() - 4000) : text);
                }
            } catch (IOException ignored) {
                // Only for the failure message.
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        for (Path dir : List.of(replicaDir, primaryDir)) {
            if (Files.exists(dir.resolve("postmaster.pid"))) {
                try {
                    run("pg_ctl", "-D", dir.toString(), "-m", "immediate", "-w", "stop");
                } catch (RuntimeException e) {
                    System.err.println("Stopping " + dir + " failed: " + e.getMessage());
                }
            }
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Deleting " + root + " failed: " + e);
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int[] freePorts() throws IOException {
        try (ServerSocket a = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }

    private static RuntimeException unavailable(String why) {
        if (Boolean.parseBoolean(System.getenv(REQUIRE))) {
            return new IllegalStateException(REQUIRE + "=true, but no primary and replica can be made here: " + why);
        }
        System.err.println("Read replica tests skipped: " + why);
        return new TestAbortedException("Read replica tests skipped: " + why);
    }
}
