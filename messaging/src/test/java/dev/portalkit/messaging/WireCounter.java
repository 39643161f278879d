package dev.portalkit.messaging;

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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of PostgreSQL that counts round trips the way the benchmarks do
 * ({@code benchmarks/.../WireCounter}): one each time the client has sent a request (nothing more
 * buffered) and the server's answer starts. So a BEGIN that pgjdbc sends ahead of the first
 * statement is not a round trip of its own, and a COMMIT is (unless it rides with the audit rows).
 */
final class WireCounter implements AutoCloseable {

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final AtomicLong roundTrips = new AtomicLong();
    private volatile boolean closed;

    WireCounter(String upstreamHost, int upstreamPort) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "wire-counter");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    long roundTrips() {
        return roundTrips.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                AtomicBoolean awaiting = new AtomicBoolean();
                start(() -> frontend(new BufferedInputStream(client.getInputStream()),
                        new BufferedOutputStream(upstream.getOutputStream()), awaiting), client, upstream);
                start(() -> backend(upstream.getInputStream(), client.getOutputStream(), awaiting), client, upstream);
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

    private static void start(Pump pump, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            try {
                pump.run();
            } catch (IOException ignored) {
                // the connection closed
            } finally {
                try {
                    a.close();
                    b.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "wire-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Server to client: the first bytes after the client has sent a request end one round trip. */
    private void backend(InputStream in, OutputStream out, AtomicBoolean awaiting) throws IOException {
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (awaiting.compareAndSet(true, false)) {
                roundTrips.incrementAndGet();
            }
            out.write(buf, 0, n);
            out.flush();
        }
    }

    /** Client to server: forwards messages, flushing only when the client has nothing more buffered. */
    private static void frontend(InputStream rawIn, OutputStream out, AtomicBoolean awaiting) throws IOException {
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
