package dev.portalkit.testing.internal;

import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalModule;
import dev.portalkit.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kit's hook for the previous-release check ({@code .ci/check-previous-release}, root README
 * "Releases and versioning"): with {@code PORTALKIT_TEST_MIGRATE_WITH} set to a class path (a newer
 * PortalKit's jars and their dependencies), each template is first migrated by that newer code, in a
 * JVM of its own, as a rolling deployment's new instances would; then this (older) code migrates it
 * as always, which applies nothing, ignores the newer migrations (Flyway's default
 * {@code ignoreMigrationPatterns} is {@code *:future}), validates the checksums of the ones both
 * know and checks its own schema manifest. The suites then run this code on the newer schema.
 *
 * <p>Not API; but {@link #main}'s arguments are a contract between releases, since an older kit runs a
 * newer kit's {@code main}: {@code java -cp <newer> dev.portalkit.testing.internal.MigrateFirst
 * <jdbc url> <schema> <module>...}, each module {@code <class>;<name>;<migration location>;<required
 * classes, comma separated>}, the owner's user name and password in the environment
 * ({@value #USERNAME}, {@value #PASSWORD}; never on a command line, where {@code ps} shows it);
 * {@value #LOG_FILE}, when set, names a file to which it appends a line per template.
 * Change them only together with a compatible reading of the old form.
 */
public final class MigrateFirst {

    public static final String SETTING = "PORTALKIT_TEST_MIGRATE_WITH";
    static final String USERNAME = "PORTALKIT_MIGRATE_USERNAME";
    static final String PASSWORD = "PORTALKIT_MIGRATE_PASSWORD";
    /** When set (by .ci/check-previous-release), main appends a line per template it migrated. */
    static final String LOG_FILE = "PORTALKIT_MIGRATE_FIRST_LOG";
    /** A migration that takes longer is hung (a lock that never comes): fail rather than stall the suite. */
    static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int SHOWN_LINES = 200;
    private static final Logger LOG = LoggerFactory.getLogger(MigrateFirst.class);

    private MigrateFirst() {
    }

    /** Migrates {@code db} with the newer code first when {@value #SETTING} names it; otherwise nothing. */
    public static void ifConfigured(TestDatabase db, String schema, List<PortalModule> modules) {
        String classPath = Servers.setting(SETTING);
        if (classPath != null && !classPath.isBlank()) {
            run(classPath, db, schema, modules);
        }
    }

    /**
     * Runs the newer code's {@link #main} on {@code db} as its owner and returns its output.
     *
     * @throws IllegalStateException naming the database, the schema, the modules and the exit code,
     *         with the last {@value #SHOWN_LINES} lines of the process's output, when it fails or hangs
     */
    public static String run(String classPath, TestDatabase db, String schema, List<PortalModule> modules) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, MigrateFirst.class.getName(), db.directJdbcUrl(), schema));
        modules.forEach(m -> command.add(spec(m)));
        String what = "migrating the template " + db.name() + " (schema " + schema + ", modules "
                + modules.stream().map(PortalModule::name).toList() + ") with the code named by " + SETTING;
        Path output = null;
        try {
            output = Files.createTempFile("portalkit-migrate-first", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            pb.environment().put(USERNAME, db.ownerUsername() == null ? "" : db.ownerUsername());
            pb.environment().put(PASSWORD, db.ownerPassword() == null ? "" : db.ownerPassword());
            long start = System.nanoTime();
            Process p = pb.start();
            boolean ended;
            try {
                ended = p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted", e);
            }
            if (!ended) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (!ended || p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed ("
                        + (ended ? "exit " + p.exitValue() : "no end after " + TIMEOUT.toMinutes() + " min, killed")
                        + "; class path " + classPath + "); its output:" + System.lineSeparator() + tail(text));
            }
            LOG.info("{}: done in {} ms", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": cannot start " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temp file: the OS's to clean
                }
            }
        }
    }

    private static String spec(PortalModule m) {
        return m.getClass().getName() + ";" + m.name() + ";" + m.migrationLocation() + ";"
                + m.requires().stream().map(Class::getName).sorted().collect(Collectors.joining(","));
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        if (lines.size() <= SHOWN_LINES) {
            return text.strip();
        }
        return "(" + (lines.size() - SHOWN_LINES) + " lines before these left out)" + System.lineSeparator()
                + String.join(System.lineSeparator(), lines.subList(lines.size() - SHOWN_LINES, lines.size()));
    }

    /**
     * In the newer code's JVM: builds a Portal with {@link MigrationMode#APPLY} over the modules, as a
     * newer release's first instance does, and closes it. A module class this code does not have (a
     * test's own module) is left to the older code, which migrates it next. A module without a public
     * no-argument constructor (StripeModule needs its gateway) is installed as a stand-in with the same
     * name, migration location and required modules: migrating needs no more, and the stand-in
     * starts nothing.
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: MigrateFirst <jdbc url> <schema> <class;name;location;required,...>...");
            System.exit(2);
        }
        try {
            List<PortalModule> modules = new ArrayList<>();
            for (String spec : Arrays.asList(args).subList(2, args.length)) {
                PortalModule m = module(spec);
                if (m != null) {
                    modules.add(m);
                }
            }
            Portal.Builder b = Portal.builder().jdbcUrl(args[0]);
            String user = System.getenv(USERNAME);
            String password = System.getenv(PASSWORD);
            if (user != null && !user.isEmpty()) {
                b.username(user);
            }
            if (password != null && !password.isEmpty()) {
                b.password(password);
            }
            try (Portal ignored = b
                    .minimumIdle(0).maximumPoolSize(2)
                    .schema(args[1])
                    .migration(MigrationMode.APPLY)
                    .backgroundSealing(false)
                    .install(modules.toArray(PortalModule[]::new))
                    .build()) {
                String done = "MigrateFirst: migrated schema " + args[1] + " with core and "
                        + modules.stream().map(m -> m.name() + " (" + m.getClass().getName() + ")").toList();
                System.out.println(done);
                String log = System.getenv(LOG_FILE);
                if (log != null && !log.isBlank()) {
                    // One short line per template, appended: the check counts them to know the hook ran.
                    Files.writeString(Path.of(log), done + System.lineSeparator(), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
        System.exit(0);
    }

    private static PortalModule module(String spec) throws ReflectiveOperationException {
        String[] parts = spec.split(";", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("a module is <class>;<name>;<location>;<required,...>, not '" + spec + "'");
        }
        Class<?> type;
        try {
            type = Class.forName(parts[0]);
        } catch (ClassNotFoundException e) {
            System.out.println("MigrateFirst: " + parts[0] + " is not in this code: module " + parts[1]
                    + " is left to the tested code");
            return null;
        }
        if (!PortalModule.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(parts[0] + " is not a PortalModule here");
        }
        for (Constructor<?> c : type.getConstructors()) {
            if (c.getParameterCount() == 0 && !Modifier.isAbstract(type.getModifiers())) {
                return (PortalModule) c.newInstance();
            }
        }
        Set<Class<? extends PortalModule>> required = new LinkedHashSet<>();
        for (String name : parts[3].isEmpty() ? new String[0] : parts[3].split(",")) {
            required.add(Class.forName(name).asSubclass(PortalModule.class));
        }
        System.out.println("MigrateFirst: " + parts[0] + " has no public no-argument constructor: a stand-in migrates "
                + parts[2]);
        return standIn(parts[1], parts[2], Set.copyOf(required));
    }

    /**
     * A module that only migrates. Each gets a proxy class of its own (a class loader of its own
     * defines it): a Portal tells modules apart by class, and two stand-ins must not look like one
     * module installed twice. The loader delegates, so Flyway still finds the migrations.
     */
    private static PortalModule standIn(String name, String location, Set<Class<? extends PortalModule>> required) {
        ClassLoader own = new ClassLoader("portalkit-stand-in-" + name, MigrateFirst.class.getClassLoader()) { };
        return (PortalModule) Proxy.newProxyInstance(own, new Class<?>[] {PortalModule.class}, (proxy, method, a) ->
                switch (method.getName()) {
                    case "name" -> name;
                    case "artifactId" -> "portalkit-" + name;
                    case "migrationLocation" -> location;
                    case "requires" -> required;
                    case "mappers", "settings" -> List.of();
                    case "start" -> null;
                    case "equals" -> proxy == a[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "stand-in for module " + name;
                    default -> throw new UnsupportedOperationException(method.getName() + " on a stand-in module");
                });
    }
}
