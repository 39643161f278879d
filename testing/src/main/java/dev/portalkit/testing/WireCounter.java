package dev.portalkit.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of PostgreSQL that counts round trips on the wire: each time the client
 * has sent a request (flushed, nothing more buffered) and the server's answer starts to come back.
 * This counts what the driver really sends (a BEGIN that pgjdbc piggybacks on the first statement
 * is not a round trip; a COMMIT is; a pool's validation query is), not what the code appears to
 * do. It also records the SQL text of each Parse/Query while recording is on. Use it only to
 * count; timings go over a direct connection.
 *
 * <pre>{@code
 * try (WireCounter wire = WireCounter.inFrontOf(kit.database())) {
 *     Portal counted = Portal.builder().jdbcUrl(wire.jdbcUrl()).username(...)...build();
 *     assertThat(wire.roundTripsOf(() -> counted.service(UserService.class).find(id))).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Two ways to count, one entry point:
 * <ul>
 *   <li>on the wire (this class): a TCP proxy; counts what really crosses the socket, pool checks
 *       and pipelining included. Needs a URL, so the Portal must connect through {@link #jdbcUrl()};</li>
 *   <li>on a DataSource ({@link #statementLog()}): a JDBC proxy that records each statement with its
 *       SQL and parameter bindings (to EXPLAIN exactly what a service sent), and lists the round
 *       trips of a call by name: each statement, and each COMMIT or ROLLBACK pgjdbc actually sends.
 *       Works with any DataSource ({@code Portal.Builder.dataSource(log.wrap(db.dataSource()))}).</li>
 * </ul>
 */
public final class WireCounter implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://)([^/:?]+)(?::(\\d+))?(/[^?]*)(\\?.*)?");

    private static final boolean TRACE = Boolean.getBoolean("wire.trace");
    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong statements = new AtomicLong();
    private final List<String> recorded = new ArrayList<>();
    private volatile boolean recording;
    private volatile boolean closed;
    private String jdbcUrl;

    /**
     * A new, empty {@link StatementLog}: wrap a DataSource with it to record every statement (SQL and
     * bindings) and list the round trips of a call, without a socket in between.
     */
    public static StatementLog statementLog() {
        return new StatementLog();
    }

    /** A counter in front of the server of {@code db}; {@link #jdbcUrl()} reaches the database through it. */
    public static WireCounter inFrontOf(TestDatabase db) throws IOException {
        Matcher m = URL.matcher(db.jdbcUrl());
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + db.jdbcUrl());
        }
        WireCounter counter = new WireCounter(m.group(2), m.group(3) == null ? 5432 : Integer.parseInt(m.group(3)));
        String params = m.group(5) == null ? "?" : m.group(5) + "&";
        // prepareThreshold=0: every statement is parsed again, so its text shows on the wire; the
        // round trips are the same (Parse/Bind/Execute still ride one Sync).
        counter.jdbcUrl = m.group(1) + "127.0.0.1:" + counter.port() + m.group(4) + params + "prepareThreshold=0";
        return counter;
    }

    public WireCounter(String upstreamHost, int upstreamPort) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "wire-counter");
        t.setDaemon(true);
        t.start();
    }

    /** The database's JDBC URL through this counter (after {@link #inFrontOf}). */
    public String jdbcUrl() {
        if (jdbcUrl == null) {
            throw new IllegalStateException("Built for a host and port: connect to 127.0.0.1:" + port());
        }
        return jdbcUrl;
    }

    /** The round trips {@code call} made (run it on a quiet connection: a pool's checks count too). */
    public long roundTripsOf(Runnable call) {
        long before = roundTrips();
        call.run();
        return roundTrips() - before;
    }

    public int port() {
        return server.getLocalPort();
    }

    public long roundTrips() {
        return roundTrips.get();
    }

    public long statements() {
        return statements.get();
    }

    /** Starts (clearing what was recorded) or stops recording statement texts. */
    public synchronized void record(boolean on) {
        recording = on;
        if (on) {
            recorded.clear();
        }
    }

    public synchronized List<String> recorded() {
        return new ArrayList<>(recorded);
    }

    private synchronized void note(String sql) {
        if (recording) {
            recorded.add(sql.replaceAll("\\s+", " ").trim());
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                AtomicBoolean awaiting = new AtomicBoolean();
                start("wire-up", () -> frontend(new BufferedInputStream(client.getInputStream()),
                        new BufferedOutputStream(upstream.getOutputStream()), awaiting), client, upstream);
                start("wire-down", () -> copy(upstream.getInputStream(), client.getOutputStream(), awaiting), client, upstream);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("wire counter: " + e);
                }
            }
        }
    }

    private interface Pump {
        void run() throws IOException;
    }

    private static void start(String name, Pump pump, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            try {
                pump.run();
            } catch (IOException ignored) {
                // connection closed
            } finally {
                try {
                    a.close();
                    b.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** Server to client: the first bytes after the client has sent a request end one round trip. */
    private void copy(InputStream in, OutputStream out, AtomicBoolean awaiting) throws IOException {
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (awaiting.compareAndSet(true, false)) {
                roundTrips.incrementAndGet();
                note("-- round trip");
            }
            out.write(buf, 0, n);
            out.flush();
        }
    }

    /**
     * Client to server: forwards messages, and flushes only when the client has nothing more
     * buffered, so what the driver pipelines in one write (pgjdbc sends BEGIN as a simple Query
     * ahead of the first extended-protocol statement) still reaches the server as one request.
     */
    private void frontend(InputStream rawIn, OutputStream out, AtomicBoolean awaiting) throws IOException {
        DataInputStream in = new DataInputStream(rawIn);
        // Untyped start-up messages: SSLRequest/GSSENCRequest (answered by one byte), then StartupMessage.
        while (true) {
            int len = in.readInt();
            byte[] body = new byte[len - 4];
            in.readFully(body);
            writeInt(out, len);
            out.write(body);
            out.flush();
            if (body.length < 4) {
                continue;
            }
            int code = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff);
            if (code != 80877103 && code != 80877104) {
                break;
            }
        }
        while (true) {
            int type = in.read();
            if (type < 0) {
                throw new EOFException();
            }
            int len = in.readInt();
            byte[] body = new byte[len - 4];
            in.readFully(body);
            if (recording && TRACE) {
                System.err.println("wire " + (char) type + " len=" + len + " " + cstring(body, 0).replaceAll("\\s+", " ")
                        .substring(0, Math.min(40, cstring(body, 0).length())));
            }
            switch (type) {
                case 'S' -> note("-- sync");
                case 'Q' -> {
                    statements.incrementAndGet();
                    note(cstring(body, 0));
                }
                case 'E' -> statements.incrementAndGet();
                case 'P' -> {
                    int end = 0;
                    while (body[end] != 0) {
                        end++;
                    }
                    note(cstring(body, end + 1));
                }
                default -> note("-- " + (char) type);
            }
            out.write(type);
            writeInt(out, len);
            out.write(body);
            if (rawIn.available() == 0) {
                if (type != 'X') {
                    awaiting.set(true);
                }
                out.flush();
            }
        }
    }

    private static String cstring(byte[] b, int from) {
        int end = from;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
