package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.content.ContentModule;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.internal.CoreModule;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.resilience.MigrationLint.Migration;
import dev.portalkit.resilience.MigrationLint.Rule;
import dev.portalkit.resilience.MigrationLint.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every migration PortalKit ships, read from the class path (so exactly what the jars hold), in the order
 * MigrationRunner applies them, passes {@link MigrationLint}, except what {@link #ALLOWED} waives: migrations
 * released before the lint existed (they can never change: an installed database's Flyway checksum would no
 * longer match) and reviewed contractions. A new migration that breaks a rule fails here with its file, line,
 * rule and fix. An allow-list entry names one file and one rule, with the reason; an entry that waives nothing
 * fails too, so the list never outlives its reasons.
 */
class MigrationLintTest {

    record Allowed(String file, Rule rule, String reason) {
    }

    private static Allowed allow(String file, Rule rule, String reason) {
        return new Allowed(file, rule, reason);
    }

    private static final String BEFORE_THE_LINT = "released before the lint (issue #20)";

    /** Reviewed: each entry is one released file and one rule it breaks, and why that was acceptable. */
    static final List<Allowed> ALLOWED = List.of(
            allow("core/V1__core_tables.sql", Rule.LOCK_TIMEOUT, BEFORE_THE_LINT + "; creates new tables only"),
            allow("core/V2__activity_actors.sql", Rule.LOCK_TIMEOUT, BEFORE_THE_LINT + "; creates a view only"),
            allow("core/V3__audit_least_privilege.sql", Rule.LOCK_TIMEOUT, BEFORE_THE_LINT
                    + "; ALTER FUNCTION and REVOKEs on audit tables, catalog-only"),
            allow("core/V4__audit_trail_v2.sql", Rule.LOCK_TIMEOUT, BEFORE_THE_LINT
                    + "; its ALTERs of activity_logs are catalog-only but wait for the lock without a bound"),
            allow("core/V4__audit_trail_v2.sql", Rule.DROP, BEFORE_THE_LINT + "; the v1 chain trigger goes on purpose:"
                    + " seq now comes from an identity, so the previous release's INSERTs still work (see the file)"),
            allow("core/V6__audit_txid_rebase.sql", Rule.LOCK_TIMEOUT, BEFORE_THE_LINT + "; creates a new table and functions"),
            allow("auth/V1__auth_tables.sql", Rule.LOCK_TIMEOUT, BEFORE_THE_LINT + "; creates new tables only"),
            allow("auth/V2__activity_actors.sql", Rule.LOCK_TIMEOUT, BEFORE_THE_LINT + "; replaces core's empty view"),
            allow("auth/V3__lockout_and_reset_requests.sql", Rule.LOCK_TIMEOUT, BEFORE_THE_LINT
                    + "; a nullable column (catalog-only) and a new table"),
            allow("auth/V3__lockout_and_reset_requests.sql", Rule.BACKFILL, BEFORE_THE_LINT
                    + "; voids duplicate live reset tokens: few rows, short-lived, no reader waits on them"),
            allow("auth/V4__live_users.sql", Rule.LOCK_TIMEOUT, BEFORE_THE_LINT + "; creates a view only"),
            allow("billing/V1__billing_tables.sql", Rule.LOCK_TIMEOUT, BEFORE_THE_LINT + "; creates new tables only"),
            allow("billing/V2__bookings.sql", Rule.LOCK_TIMEOUT, BEFORE_THE_LINT + "; creates new tables only"),
            allow("billing/V3__idempotency_keys.sql", Rule.LOCK_TIMEOUT, BEFORE_THE_LINT
                    + "; a new table, filled from payments by a plain read"),
            allow("content/V1__content_tables.sql", Rule.LOCK_TIMEOUT, BEFORE_THE_LINT + "; creates new tables only"),
            allow("content/V2__resource_card_tags.sql", Rule.LOCK_TIMEOUT, BEFORE_THE_LINT
                    + "; its LOCK TABLE waits without a bound (the lesson in README \"Migrations\")"),
            allow("content/V2__resource_card_tags.sql", Rule.LOCK_TABLE, BEFORE_THE_LINT
                    + "; blocks writes to resource_cards during its backfill: README \"Migrations\" shows the pattern"
                    + " that replaces it (triggers first, then batches)"),
            allow("messaging/V1__messaging_tables.sql", Rule.LOCK_TIMEOUT, BEFORE_THE_LINT + "; creates new tables only"),
            allow("messaging/V8__email_logs_partitioned.sql", Rule.DROP, "email_logs becomes a partitioned table under its"
                    + " own name: the old table is renamed email_logs_legacy and attached as its first partition (catalog"
                    + " only), and its trigger is replaced by the parent's clone of the same name; the previous release's"
                    + " statements keep working except its queue's ON CONFLICT target (messaging/README.md)"),
            allow("core/V11__activity_logs_partitioned.sql", Rule.DROP, "activity_logs becomes a partitioned table under"
                    + " its own name, as email_logs did: the old table is renamed activity_logs_legacy and attached as its"
                    + " first partition (catalog only); its seq key, row trigger and v1 digest function are made again on"
                    + " the parent under the same names (the key as (seq, created_at)); the previous release's statements"
                    + " name only activity_logs and its columns, and its whole suite runs on this schema"
                    + " (.ci/check-previous-release)"));

    static final List<PortalModule> MODULES = List.of(new CoreModule(), new AuthModule(), new BillingModule(),
            new ContentModule(), new MessagingModule(), AllModules.stripe());

    @Test
    void everyShippedMigrationPassesTheLintOrIsAllowListed() {
        List<Migration> migrations = shipped();
        List<Violation> violations = MigrationLint.check(migrations);
        List<String> failures = new ArrayList<>();
        List<Allowed> used = new ArrayList<>();
        for (Violation v : violations) {
            List<Allowed> waived = ALLOWED.stream().filter(a -> a.file().equals(v.file()) && a.rule() == v.rule()).toList();
            if (waived.isEmpty()) {
                failures.add(v.message());
            }
            used.addAll(waived);
        }
        for (Allowed a : ALLOWED) {
            if (!used.contains(a)) {
                failures.add("allow-list entry " + a.file() + " [" + a.rule() + "] waives nothing: remove it");
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " migration lint failure(s):" + System.lineSeparator()
                    + String.join(System.lineSeparator(), failures));
        }
    }

    @Test
    void theLintReadsEveryModulesMigrationsFromTheClassPath() {
        Map<String, List<String>> byModule = shipped().stream().collect(Collectors.groupingBy(
                m -> m.name().substring(0, m.name().indexOf('/')), TreeMap::new,
                Collectors.mapping(Migration::name, Collectors.toList())));
        assertThat(byModule.keySet()).containsExactlyInAnyOrder("core", "auth", "billing", "content", "messaging", "stripe");
        assertThat(byModule.get("core")).contains("core/V5__activity_logs_seal_index.sql");
        assertThat(shipped()).filteredOn(m -> m.name().equals("core/V5__activity_logs_seal_index.sql"))
                .singleElement().extracting(Migration::transactional).isEqualTo(false);
        // The lint is not vacuous on the real files: the released ones are caught where the allow-list says.
        assertThat(MigrationLint.check(shipped())).extracting(Violation::file)
                .contains("content/V2__resource_card_tags.sql", "core/V4__audit_trail_v2.sql");
    }

    @Test
    void everyMigrationFolderOnTheClassPathBelongsToALintedModule() throws IOException, URISyntaxException {
        // A module added later must be added to MODULES (in dependency order), or its migrations go unchecked.
        List<String> found = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("dev/portalkit"))) {
            if (url.getProtocol().equals("file")) {
                try (Stream<Path> dirs = Files.list(Path.of(url.toURI()))) {
                    dirs.filter(d -> Files.isDirectory(d.resolve("db").resolve("migration")))
                            .forEach(d -> found.add(d.getFileName().toString()));
                }
            } else if (url.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    Pattern folder = Pattern.compile("dev/portalkit/([^/]+)/db/migration/.+");
                    for (JarEntry e : Collections.list(jar.entries())) {
                        Matcher m = folder.matcher(e.getName());
                        if (m.matches()) {
                            found.add(m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(found).isNotEmpty();
        assertThat(MODULES.stream().map(PortalModule::name).toList()).containsAll(found);
    }

    @Test
    void theAllowListNamesOnlyReleasedFilesAndGivesReasons() {
        for (Allowed a : ALLOWED) {
            assertThat(a.file()).as("an unreleased migration complies instead")
                    .doesNotStartWith("stripe/").isNotIn("billing/V4__payment_requires_action.sql",
                            "billing/V5__payment_status_check_validate.sql");
            assertThat(a.reason()).isNotBlank();
        }
        assertThat(ALLOWED).doesNotHaveDuplicates();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

    /** Every module's V*.sql, modules in dependency order, versions ascending; a .sql.conf says if transactional. */
    static List<Migration> shipped() {
        List<Migration> all = new ArrayList<>();
        for (PortalModule module : MODULES) {
            String location = module.migrationLocation().replaceFirst("^classpath:", "");
            Map<String, String> files = read(module.getClass().getClassLoader(), location);
            assertThat(files).as("migrations of " + module.name() + " in " + location).isNotEmpty();
            List<String> names = files.keySet().stream().filter(n -> VERSIONED.matcher(n).matches())
                    .sorted(Comparator.comparing(MigrationLintTest::version, MigrationLintTest::compareVersions)).toList();
            for (String name : names) {
                String conf = files.getOrDefault(name + ".conf", "");
                boolean transactional = !conf.lines().map(String::strip).anyMatch("executeInTransaction=false"::equals);
                all.add(new Migration(module.name() + "/" + name, files.get(name), transactional));
            }
        }
        return all;
    }

    private static List<Integer> version(String name) {
        Matcher m = VERSIONED.matcher(name);
        m.matches();
        return Stream.of(m.group(1).split("[._]")).map(Integer::valueOf).toList();
    }

    private static int compareVersions(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int c = Integer.compare(i < a.size() ? a.get(i) : 0, i < b.size() ? b.get(i) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** File name -> content of every file directly in {@code folder}, from directories and jars alike. */
    private static Map<String, String> read(ClassLoader loader, String folder) {
        Map<String, String> files = new TreeMap<>();
        try {
            for (URL url : Collections.list(loader.getResources(folder))) {
                if (url.getProtocol().equals("file")) {
                    try (Stream<Path> list = Files.list(Path.of(url.toURI()))) {
                        for (Path p : list.filter(Files::isRegularFile).toList()) {
                            files.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
                        }
                    }
                } else if (url.getProtocol().equals("jar")) {
                    JarURLConnection connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        String prefix = folder.endsWith("/") ? folder : folder + "/";
                        for (JarEntry e : Collections.list(jar.entries())) {
                            String rest = e.getName().startsWith(prefix) ? e.getName().substring(prefix.length()) : null;
                            if (rest != null && !rest.isEmpty() && !rest.contains("/") && !e.isDirectory()) {
                                try (InputStream in = jar.getInputStream(e)) {
                                    files.put(rest, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                                }
                            }
                        }
                    }
                } else {
                    throw new IllegalStateException("cannot list " + url);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }
}
