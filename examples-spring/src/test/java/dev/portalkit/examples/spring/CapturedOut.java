package dev.portalkit.examples.spring;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies everything written to {@code System.out} and {@code System.err} while open, still passing it
 * through: Spring Boot's console log goes to {@code System.out} (Logback looks the stream up at each
 * write), where the test kit's {@code CapturedErr} does not look.
 */
final class CapturedOut implements AutoCloseable {

    private final PrintStream out;
    private final PrintStream err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    CapturedOut() {
        out = System.out;
        err = System.err;
        System.setOut(new PrintStream(new Tee(out, buffer), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, buffer), true, StandardCharsets.UTF_8));
    }

    String text() {
        System.out.flush();
        System.err.flush();
        synchronized (buffer) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
    }

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
