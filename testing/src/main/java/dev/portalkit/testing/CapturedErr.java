package dev.portalkit.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies everything written to {@code System.err} (where slf4j-simple logs) into a buffer while it is
 * open, still passing it through; for tests that prove what a flow logs, or that no secret is logged:
 *
 * <pre>{@code
 * try (CapturedErr err = CapturedErr.start()) {
 *     auth.login(email, password, false, context);
 *     assertThat(err.text()).contains("Login succeeded").doesNotContain(password);
 * }
 * }</pre>
 *
 * {@code System.err} is one per JVM: a capture sees what every thread logs meanwhile, and captures
 * nest (closing restores the stream that was there when it started). {@link #startWithOut()} copies
 * {@code System.out} into the same buffer too, for loggers that write there (Spring Boot's console log).
 */
public final class CapturedErr implements AutoCloseable {

    private final PrintStream original;
    /** {@code System.out} when the capture started, if it copies that too; else null. */
    private final PrintStream originalOut;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private CapturedErr(boolean withOut) {
        this.original = System.err;
        this.originalOut = withOut ? System.out : null;
        System.setErr(new PrintStream(new Tee(original, buffer), true, StandardCharsets.UTF_8));
        if (withOut) {
            System.setOut(new PrintStream(new Tee(originalOut, buffer), true, StandardCharsets.UTF_8));
        }
    }

    /** Starts copying {@code System.err}. */
    public static CapturedErr start() {
        return new CapturedErr(false);
    }

    /** Starts copying {@code System.err} and {@code System.out}, both into one buffer. */
    public static CapturedErr startWithOut() {
        return new CapturedErr(true);
    }

    /** Everything written since the capture started, as UTF-8 text. */
    public String text() {
        System.err.flush();
        if (originalOut != null) {
            System.out.flush();
        }
        synchronized (buffer) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    /** Puts back the streams that were there when the capture started. */
    @Override
    public void close() {
        System.setErr(original);
        if (originalOut != null) {
            System.setOut(originalOut);
        }
    }

    /** Writes to the original stream and, under its lock, to the buffer. */
    private static final class Tee extends OutputStream {
        private final PrintStream original;
        private final ByteArrayOutputStream copy;

        Tee(PrintStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int x) {
            write(new byte[] {(byte) x}, 0, 1);
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            original.write(buf, off, len);
            synchronized (copy) {
                copy.write(buf, off, len);
            }
        }
    }
}
