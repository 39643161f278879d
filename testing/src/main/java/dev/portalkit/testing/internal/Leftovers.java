package dev.portalkit.testing.internal;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mark the kit puts on every database and role it creates ({@code COMMENT ON ... IS}), and the
 * rule that says when such a leftover is stale: its JVM is gone. A mark names the JVM by host (with
 * its pid namespace on Linux), pid and start time. On the same host the JVM is gone when no process
 * has that pid, or the process that has it started at another time (the pid was reused); from
 * another host (or where other users' processes are hidden) the kit cannot look, so a mark older
 * than {@link #STALE_AFTER} counts as gone. Anything without this exact mark is never touched. Not
 * API.
 */
final class Leftovers {

    /** How old a mark from another host must be before its database is taken for a leftover. */
    static final Duration STALE_AFTER = Duration.ofHours(24);

    private static final String PREFIX = "portalkit-test";
    private static final String UNKNOWN = "unknown-host";
    private static final Pattern MARK = Pattern.compile(PREFIX + " pid=(\\d+) host=(\\S+) started=(\\S+)");
    /** The process start read two ways can differ by a clock tick or so; a reused pid differs by far more. */
    private static final Duration SAME_START = Duration.ofSeconds(2);

    private static final String HOST = localHost();
    private static final long PID = ProcessHandle.current().pid();
    private static final Instant STARTED = started();

    /** The JVM that made a leftover. */
    record Mark(long pid, String host, Instant started) {
    }

    private Leftovers() {
    }

    /** This JVM's mark, for {@code COMMENT ON DATABASE ... IS '...'}: only [A-Za-z0-9=.:_~-] and spaces, safe to quote. */
    static String mark() {
        return PREFIX + " pid=" + PID + " host=" + HOST + " started=" + STARTED;
    }

    /** The mark in a comment, or empty when the comment is not the kit's. */
    static Optional<Mark> parse(String comment) {
        if (comment == null) {
            return Optional.empty();
        }
        Matcher m = MARK.matcher(comment);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Mark(Long.parseLong(m.group(1)), m.group(2), Instant.parse(m.group(3))));
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether the JVM that made {@code mark} is gone, seen from this JVM at {@code now}. */
    static boolean stale(Mark mark, Instant now) {
        // Where processes of other users are hidden (hidepid), a pid that is not seen may still be alive.
        if (mark.host().equals(HOST) && !UNKNOWN.equals(HOST) && ProcessHandle.of(1).isPresent()) {
            Optional<ProcessHandle> process = ProcessHandle.of(mark.pid());
            if (process.isEmpty() || !process.get().isAlive()) {
                return true;
            }
            // A live process whose start cannot be read is taken for the JVM that made the mark.
            return process.get().info().startInstant()
                    .map(start -> Duration.between(start, mark.started()).abs().compareTo(SAME_START) > 0)
                    .orElse(false);
        }
        return mark.started().isBefore(now.minus(STALE_AFTER));
    }

    private static Instant started() {
        return ProcessHandle.current().info().startInstant()
                .orElseGet(() -> Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
    }

    /**
     * The host name, plus the pid namespace where Linux tells it: containers that share a host name
     * (host networking) have pids of their own, so only a JVM in the same namespace compares pids.
     */
    private static String localHost() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return UNKNOWN;
        }
        if (!name.matches("[A-Za-z0-9.:_-]+")) {
            return UNKNOWN;
        }
        try {
            String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString().replaceAll("\\D", "");
            return ns.isEmpty() ? name : name + "~" + ns;
        } catch (Exception | LinkageError e) {
            return name;
        }
    }
}
