package dev.portalkit.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Module boundaries, checked on the compiled main classes of every module, and in SQL: each library
 * module's mapper XML and migrations, read from the source tree.
 */
class ArchitectureTest {

    static final List<String> MODULES = List.of("core", "auth", "billing", "content", "messaging", "stripe", "testing",
            "examples");

    /** The modules that own tables, in dependency order: an object belongs to the first module that creates it. */
    static final List<String> SQL_MODULES = List.of("core", "auth", "billing", "content", "messaging", "stripe");

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.portalkit");

    @Test
    void nothingOutsideAModuleImportsItsInternalPackages() {
        for (String module : MODULES) {
            noClasses().that().resideOutsideOfPackage("dev.portalkit." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("dev.portalkit." + module + ".internal..")
                    .allowEmptyShould(true)
                    .because("dev.portalkit." + module + ".internal is not API")
                    .check(CLASSES);
        }
    }

    @Test
    void billingContentAndMessagingNeverDependOnEachOther() {
        List<String> independent = List.of("billing", "content", "messaging");
        for (String a : independent) {
            for (String b : independent) {
                if (!a.equals(b)) {
                    noClasses().that().resideInAPackage("dev.portalkit." + a + "..")
                            .should().dependOnClassesThat().resideInAPackage("dev.portalkit." + b + "..")
                            .allowEmptyShould(true)
                            .check(CLASSES);
                }
            }
        }
    }

    @Test
    void coreDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.portalkit.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.portalkit.auth..", "dev.portalkit.billing..",
                        "dev.portalkit.content..", "dev.portalkit.messaging..", "dev.portalkit.stripe..", "dev.portalkit.testing..")
                .check(CLASSES);
    }

    /** Every package of a library module outside {@code internal} is public, sub-packages too. */
    @Test
    void publicApiPackagesExposeNoMyBatisTypes() {
        Set<String> publicPackages = new TreeSet<>();
        for (JavaClass c : CLASSES) {
            List<String> parts = List.of(c.getPackageName().split("\\."));
            boolean library = parts.size() >= 3 && (SQL_MODULES.contains(parts.get(2)) || parts.get(2).equals("testing"));
            if (library && !parts.contains("internal")) {
                publicPackages.add(c.getPackageName());
            }
        }
        // The rule must reach the sub-packages a fixed list once missed.
        assertThat(publicPackages).contains("dev.portalkit.core", "dev.portalkit.core.spi", "dev.portalkit.auth",
                "dev.portalkit.billing", "dev.portalkit.billing.booking", "dev.portalkit.content",
                "dev.portalkit.messaging", "dev.portalkit.stripe", "dev.portalkit.testing");
        for (String publicPackage : publicPackages) {
            noClasses().that().resideInAPackage(publicPackage)
                    .should().dependOnClassesThat().resideInAPackage("org.apache.ibatis..")
                    .because(publicPackage + " is public API: MyBatis stays under internal")
                    .check(CLASSES);
        }
    }

    // ---- SQL: mapper XML and migrations -------------------------------------------------------------

    /** What other modules' mapper XML may read of a module: auth's live users (auth V4). */
    static final Map<String, String> PUBLISHED = Map.of("live_users", "auth");

    /**
     * Objects another module's migration may replace, and that module. Core's V2 creates the audit
     * trail's actor directory empty for the module that owns the people to fill (auth's V2).
     */
    static final Map<String, String> REPLACEABLE = Map.of("activity_actors", "auth");

    /** The {@code ${...}} each file may hold besides {@code ${schema}} (MyBatis include properties, or on purpose). */
    static final Map<String, Set<String>> PLACEHOLDERS = Map.of(
            // include properties, replaced when the mapper loads: parameter paths, never values
            "core/src/main/resources/dev/portalkit/core/spi/AuditSql.xml", Set.of("row", "auditParam"),
            // include properties again: a #{...} parameter (the claim's and queue's address and category) or a
            // column name written in the same file, substituted when the mapper loads
            "messaging/src/main/resources/dev/portalkit/messaging/internal/EmailLogMapper.xml", Set.of("address", "category"),
            "messaging/src/main/resources/dev/portalkit/messaging/internal/PersonalDataMapper.xml", Set.of("col"),
            // LIMIT as a literal for the planner (see the comment there); a Java int, so only digits
            "content/src/main/resources/dev/portalkit/content/internal/ResourceCardMapper.xml", Set.of("limit"));

    private static final String NAME = "(?:(?:\"?\\w+\"?|\\$\\{[^}]+\\})\\.)?\"?(\\w+)\"?";
    private static final Pattern DEFINES = Pattern.compile("\\bCREATE\\s+(?:OR\\s+REPLACE\\s+)?"
            + "(TABLE|VIEW|MATERIALIZED\\s+VIEW|TYPE|FUNCTION|PROCEDURE|EXTENSION|SEQUENCE|DOMAIN)\\s+"
            + "(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME, Pattern.CASE_INSENSITIVE);
    /** An index is an object of its own too: a later migration may rename or drop it (messaging's V8). */
    private static final Pattern DEFINES_INDEX = Pattern.compile("\\bCREATE\\s+(?:UNIQUE\\s+)?(INDEX)\\s+"
            + "(?:CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?\"?(\\w+)\"?\\s+ON\\b", Pattern.CASE_INSENSITIVE);
    /** Statements that create on, change, or write an object: the group is the object. */
    private static final List<Pattern> TOUCHES = Stream.of(
            "\\bCREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?\\w+\\s+ON\\s+"
                    + "(?:ONLY\\s+)?" + NAME,
            "\\bCREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:CONSTRAINT\\s+)?TRIGGER\\s+\\w+\\s.*?\\bON\\s+" + NAME,
            "\\bCREATE\\s+(?:OR\\s+REPLACE\\s+)?RULE\\s+\\w+\\s.*?\\bTO\\s+" + NAME,
            "\\bALTER\\s+(?:TABLE|VIEW|MATERIALIZED\\s+VIEW|FUNCTION|PROCEDURE|TYPE|INDEX|SEQUENCE|DOMAIN)\\s+"
                    + "(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?" + NAME,
            "\\bDROP\\s+(?:TABLE|VIEW|MATERIALIZED\\s+VIEW|FUNCTION|PROCEDURE|TYPE|SEQUENCE|DOMAIN|EXTENSION)\\s+"
                    + "(?:IF\\s+EXISTS\\s+)?" + NAME,
            "\\bDROP\\s+(?:TRIGGER|RULE|POLICY)\\s+(?:IF\\s+EXISTS\\s+)?\\w+\\s+ON\\s+" + NAME,
            "\\bINSERT\\s+INTO\\s+" + NAME,
            "\\bUPDATE\\s+(?:ONLY\\s+)?" + NAME + "(?:\\s+(?:AS\\s+)?\\w+)?\\s+SET\\b",
            "\\bDELETE\\s+FROM\\s+(?:ONLY\\s+)?" + NAME,
            "\\bTRUNCATE\\s+(?:TABLE\\s+)?(?:ONLY\\s+)?(?!ON\\b|OR\\b)" + NAME,
            "\\bCOMMENT\\s+ON\\s+(?:TABLE|VIEW|FUNCTION|TYPE)\\s+" + NAME,
            "\\bCOMMENT\\s+ON\\s+COLUMN\\s+(?:\\w+\\.)?(\\w+)\\.\\w+",
            "\\b(?:GRANT|REVOKE)\\b[^;]*?\\bON\\s+(?:TABLE\\s+|FUNCTION\\s+|SEQUENCE\\s+|TYPE\\s+)?" + NAME)
            .map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE | Pattern.DOTALL)).toList();

    static final Path ROOT = root();

    /** Each object the library modules' migrations create (table, view, function, type, extension...) and its module. */
    static final Map<String, String> OWNER = owners();

    /** A new module with migrations or mappers must be listed above, or the checks here would skip it. */
    @Test
    void everyModuleWithSqlIsChecked() throws IOException {
        List<String> withSql;
        try (Stream<Path> dirs = Files.list(ROOT)) {
            withSql = dirs.filter(d -> Files.isDirectory(d.resolve("src/main/resources/dev/portalkit")))
                    .filter(d -> !files(d.getFileName().toString(), ".xml", "/internal/").isEmpty()
                            || !files(d.getFileName().toString(), ".sql", "/db/migration/").isEmpty())
                    .map(d -> d.getFileName().toString()).sorted().toList();
        }
        assertThat(SQL_MODULES).as("SQL_MODULES (add the new module in dependency order)").containsAll(withSql);
        assertThat(MODULES).as("MODULES").containsAll(withSql);
    }

    @Test
    void aModulesMapperXmlNamesOnlyItsOwnTablesAndNamespaces() {
        List<String> problems = new ArrayList<>();
        for (String module : SQL_MODULES) {
            List<Path> files = files(module, ".xml", "");
            assertThat(files).as("mapper XML of " + module).isNotEmpty();
            for (Path file : files) {
                String where = ROOT.relativize(file).toString();
                String xml = withoutXmlComments(read(file));
                String expectedNamespace = where.substring(where.indexOf("/src/main/resources/") + 20, where.length() - 4)
                        .replace('/', '.');
                Matcher namespace = Pattern.compile("<mapper\\s+namespace=\"([^\"]+)\"").matcher(xml);
                if (!namespace.find() || !namespace.group(1).equals(expectedNamespace)) {
                    problems.add(where + ": its namespace is not " + expectedNamespace);
                }
                Matcher qualified = Pattern.compile("\\$\\{schema\\}\\.(\\w+)").matcher(xml);
                while (qualified.find()) {
                    checkRead(module, qualified.group(1), at(where, xml, qualified.start()), problems);
                }
                // An unqualified name of a module's table, e.g. FROM users (CTE names belong to no module).
                Matcher bare = Pattern.compile("(?i)\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+(\\w+)").matcher(xml);
                while (bare.find()) {
                    if (OWNER.containsKey(bare.group(1).toLowerCase())) {
                        checkRead(module, bare.group(1).toLowerCase(), at(where, xml, bare.start()), problems);
                    }
                }
                Matcher named = Pattern.compile("dev\\.portalkit\\.[\\w.]+").matcher(xml);
                while (named.find()) {
                    String name = named.group();
                    if (!name.startsWith("dev.portalkit." + module + ".") && !name.equals("dev.portalkit.core.spi.AuditSql")
                            && !name.startsWith("dev.portalkit.core.spi.AuditSql.")) {
                        problems.add(at(where, xml, named.start()) + ": names " + name
                                + ", which is neither its module's nor dev.portalkit.core.spi.AuditSql");
                    }
                }
                Matcher placeholder = Pattern.compile("\\$\\{(\\w+)\\}").matcher(xml);
                while (placeholder.find()) {
                    String p = placeholder.group(1);
                    if (!p.equals("schema") && !PLACEHOLDERS.getOrDefault(where, Set.of()).contains(p)) {
                        problems.add(at(where, xml, placeholder.start()) + ": ${" + p
                                + "}: the only ${...} in mapper SQL is the schema name");
                    }
                }
            }
        }
        assertThat(problems).as("mapper XML that reaches past its module").isEmpty();
    }

    /** The XML with each comment blanked out, its line breaks kept, so positions keep their line numbers. */
    private static String withoutXmlComments(String xml) {
        Matcher comment = Pattern.compile("(?s)<!--.*?-->").matcher(xml);
        StringBuilder out = new StringBuilder();
        while (comment.find()) {
            comment.appendReplacement(out, comment.group().replaceAll("[^\\n]", " "));
        }
        return comment.appendTail(out).toString();
    }

    private static String at(String where, String text, int offset) {
        return where + ":" + (text.substring(0, offset).chars().filter(ch -> ch == '\n').count() + 1);
    }

    private static void checkRead(String module, String object, String where, List<String> problems) {
        String owner = OWNER.get(object);
        if (owner == null) {
            problems.add(where + ": ${schema}." + object + " is created by no module's migration");
        } else if (!owner.equals(module) && !owner.equals(PUBLISHED.get(object))) {
            problems.add(where + ": reads " + object + " of " + owner
                    + (owner.equals("auth") ? " (read auth's published view live_users instead)" : ""));
        }
    }

    @Test
    void aModulesMigrationsCreateAndChangeOnlyItsOwnObjects() {
        List<String> problems = new ArrayList<>();
        Map<String, String> firstCreated = new LinkedHashMap<>();
        for (String module : SQL_MODULES) {
            List<Path> files = files(module, ".sql", "db/migration");
            assertThat(files).as("migrations of " + module).isNotEmpty();
            for (Path file : files) {
                String where = ROOT.relativize(file).toString();
                for (String statement : statements(read(file))) {
                    for (String object : defined(statement)) {
                        String earlier = firstCreated.putIfAbsent(object, module);
                        if (earlier != null && !earlier.equals(module) && !module.equals(REPLACEABLE.get(object))) {
                            problems.add(where + ": creates " + object + ", which " + earlier + " created");
                        }
                    }
                    for (String object : touched(statement)) {
                        String owner = OWNER.get(object);
                        if (!module.equals(owner)) {
                            problems.add(where + ": changes " + object + (owner == null ? ", which no module creates"
                                    : " of " + owner) + ": " + statement.strip().lines().findFirst().orElse(""));
                        }
                    }
                }
            }
        }
        assertThat(problems).as("migrations that reach past their module").isEmpty();
    }

    /** The objects a statement creates (lower case). */
    static List<String> defined(String statement) {
        List<String> objects = new ArrayList<>();
        for (Pattern define : List.of(DEFINES, DEFINES_INDEX)) {
            Matcher m = define.matcher(statement);
            while (m.find()) {
                objects.add(m.group(2).toLowerCase());
            }
        }
        return objects;
    }

    /** The objects a statement creates something on, changes or writes. */
    static List<String> touched(String statement) {
        List<String> objects = new ArrayList<>();
        for (Pattern touch : TOUCHES) {
            Matcher m = touch.matcher(statement);
            while (m.find()) {
                objects.add(m.group(1).toLowerCase());
            }
        }
        return objects;
    }

    @Test
    void theMigrationRuleReadsFunctionBodiesButNeitherCommentsNorStrings() {
        String script = """
                -- the owner's note: INSERT INTO nav_items
                CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE users u SET x = 1; /* DELETE FROM app_settings; */
                    RETURN NEW;
                END $$;
                COMMENT ON COLUMN portal.bookings.note IS 'it''s; INSERT INTO nav_items';
                CREATE TRIGGER t AFTER UPDATE OF a, b OR DELETE ON ${flyway:defaultSchema}.payments
                    FOR EACH ROW EXECUTE FUNCTION f();
                ALTER TABLE ONLY "auth_sessions" ADD COLUMN y int;
                """;
        assertThat(statements(script).stream().flatMap(st -> touched(st).stream()))
                .containsExactly("users", "bookings", "payments", "auth_sessions");
    }

    @Test
    void theOwnerOfEachObjectIsReadFromTheMigrations() {
        // A sample that keeps the parsing honest: if these are not found, the rules above check nothing.
        assertThat(OWNER).containsEntry("activity_logs", "core").containsEntry("activity_actors", "core")
                .containsEntry("users", "auth").containsEntry("live_users", "auth").containsEntry("user_role", "auth")
                .containsEntry("bookings", "billing").containsEntry("btree_gist", "billing")
                .containsEntry("resource_card_tags", "content").containsEntry("email_messages", "messaging");
    }

    /** Each object created by a module's migrations, mapped to the first module (in dependency order) that creates it. */
    private static Map<String, String> owners() {
        Map<String, String> owner = new LinkedHashMap<>();
        for (String module : SQL_MODULES) {
            for (Path file : files(module, ".sql", "db/migration")) {
                for (String statement : statements(read(file))) {
                    for (String object : defined(statement)) {
                        owner.putIfAbsent(object, module);
                    }
                }
            }
        }
        return owner;
    }

    /**
     * The statements of a script without its comments and string literals, read left to right (an
     * apostrophe in a comment opens no string); the statements of a function body come separately.
     */
    static List<String> statements(String sql) {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < sql.length(); i++) {
            if (sql.startsWith("--", i) || sql.startsWith("/*", i)) {
                boolean line = sql.charAt(i + 1) == '-';
                int end = line ? sql.indexOf('\n', i) : sql.indexOf("*/", i);
                if (end < 0) {
                    break;
                }
                i = line ? end - 1 : end + 1; // a line comment's newline stays
                code.append(' ');
            } else if (sql.charAt(i) == '\'') {
                int end = i + 1;
                while (end < sql.length() && (sql.charAt(end) != '\'' || sql.startsWith("''", end))) {
                    end += sql.startsWith("''", end) ? 2 : 1;
                }
                code.append("''");
                i = end;
            } else {
                code.append(sql.charAt(i));
            }
        }
        return List.of(code.toString().split(";"));
    }

    /** The module's main resources ending in {@code suffix} whose path contains {@code under}, sorted. */
    private static List<Path> files(String module, String suffix, String under) {
        Path resources = ROOT.resolve(module).resolve("src/main/resources");
        try (Stream<Path> walk = Files.walk(resources)) {
            return walk.filter(p -> p.toString().endsWith(suffix) && p.toString().contains(under)).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root: the test runs in examples/ (Maven) or at the root (an IDE). */
    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("core/src/main/resources")) && Files.isDirectory(p.resolve("examples"))) {
                return p;
            }
        }
        throw new IllegalStateException("no PortalKit source tree above " + here);
    }
}
