package dev.portalkit.resilience;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A zero-downtime lint of Flyway migrations (issue #20, section 3), without a database: it reads the SQL the
 * way PostgreSQL splits it (comments, quoted strings and dollar-quoted bodies taken out first), keeps a
 * catalog of what earlier files created, and applies {@link Rule}s to each statement. "Existing" means
 * created by an earlier migration file (any module, in migration order): such a table may be large and is
 * in use by the previous release. What a file creates itself is new and free of these rules.
 *
 * <p>What it cannot see: SQL built at run time ({@code EXECUTE format(...)} in a DO block) and the bodies of
 * functions (they run later, not in the migration). A DO block's own statements are checked. A review still
 * reads every migration; the lint makes the known traps fail the build with the fix.
 */
final class MigrationLint {

    /** Each rule names the fix its failure message carries. */
    enum Rule {
        CONCURRENT_INDEX("build it with CREATE [UNIQUE] INDEX CONCURRENTLY (or DROP INDEX CONCURRENTLY) in a migration of"
                + " its own, marked non-transactional by a <file>.sql.conf holding executeInTransaction=false; a UNIQUE or"
                + " PRIMARY KEY constraint then takes that index with ADD CONSTRAINT ... UNIQUE USING INDEX <index>"),
        NON_TRANSACTIONAL("CONCURRENTLY cannot run in a transaction: put the one CONCURRENTLY statement alone in its own"
                + " migration with a <file>.sql.conf holding executeInTransaction=false; a non-transactional migration"
                + " holds exactly one statement, and it is a CONCURRENTLY one"),
        LOCK_TIMEOUT("make the first statement SET LOCAL lock_timeout = '5s'; (LOCAL: it ends with the migration's"
                + " transaction; a session-level SET would stay on the migration connection, which goes back to the"
                + " host's pool). A statement that cannot get its lock in time fails, Flyway rolls the migration back,"
                + " and the next start tries again, instead of every reader and writer queueing behind it"),
        TABLE_REWRITE("do not rewrite an existing table under ACCESS EXCLUSIVE: add a new column (nullable, or with a"
                + " constant default), fill it in batches (triggers first), switch the code over, drop the old column a"
                + " release later; for a change PostgreSQL does without a rewrite (varchar(n) to text or a longer"
                + " varchar), add a reviewed allow-list entry in MigrationLintTest saying so"),
        NOT_NULL("expand/contract: add the column nullable (or with a constant DEFAULT), backfill in batches, then ADD"
                + " CONSTRAINT <t>_<c>_not_null CHECK (<c> IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later"
                + " migration, and only then SET NOT NULL (PostgreSQL uses the validated CHECK and does not scan)"),
        NOT_VALID("add the CHECK or FOREIGN KEY constraint NOT VALID (new rows are checked at once, no scan under the"
                + " ACCESS EXCLUSIVE lock), and VALIDATE CONSTRAINT in a later migration (a separate transaction: it"
                + " scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on)"),
        DROP("the previous release may still read it during a rolling deployment: contract one release later, and"
                + " record the contraction in MigrationLintTest's allow-list with the release since which nothing reads"
                + " it. Replacing is allowed: a constraint or trigger dropped and added again under the same name in the"
                + " same migration, a view or function changed with CREATE OR REPLACE (columns and signature kept)"),
        LOCK_TABLE("do not LOCK an existing table for a backfill: create the triggers that keep the new data right"
                + " first, then backfill in batches of committed transactions (README, \"Migrations\": the content V2"
                + " lesson)"),
        BACKFILL("an UPDATE or DELETE of an existing table holds its row locks until the migration commits: create the"
                + " triggers first, then backfill in batches (README, \"Migrations\"), or keep the change to rows that"
                + " cannot be in use");

        final String fix;

        Rule(String fix) {
            this.fix = fix;
        }
    }

    /** One migration file: {@code name} is {@code <module>/<file>}, e.g. {@code billing/V4__x.sql}. */
    record Migration(String name, String sql, boolean transactional) {
    }

    record Violation(String file, int line, Rule rule, String statement, String detail) {
        String message() {
            return file + ":" + line + ": [" + rule + "] " + detail + System.lineSeparator()
                    + "    statement: " + abbreviate(statement) + System.lineSeparator()
                    + "    fix: " + rule.fix;
        }
    }

    /**
     * A statement as the rules read it: {@code code} is lower case on one line, with comments removed, string
     * literals reduced to {@code '?'} and dollar-quoted bodies to {@code $$}; {@code raw} is the source text;
     * {@code bodies} are the dollar-quoted bodies (a DO block's code), {@code bodyLines} the line each starts on.
     */
    record Statement(int line, String code, String raw, List<String> bodies, List<Integer> bodyLines) {
    }

    private MigrationLint() {
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading SQL

    static List<Statement> statements(String sql) {
        return statements(sql, 1);
    }

    private static List<Statement> statements(String sql, int firstLine) {
        List<Statement> out = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        List<String> bodies = new ArrayList<>();
        List<Integer> bodyLines = new ArrayList<>();
        int line = firstLine;
        int start = 0;
        int startLine = -1;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\n') {
                line++;
                code.append(' ');
                i++;
                continue;
            }
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 0;
                do {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        if (sql.charAt(i) == '\n') {
                            line++;
                        }
                        i++;
                    }
                } while (depth > 0 && i < n);
                code.append(' ');
                continue;
            }
            if (!Character.isWhitespace(c) && startLine < 0) {
                startLine = line;
            }
            if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')
                        && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)));
                i++;
                while (i < n) {
                    char s = sql.charAt(i);
                    if (s == '\n') {
                        line++;
                    }
                    if (escapes && s == '\\') {
                        i += 2;
                        continue;
                    }
                    if (s == '\'') {
                        if (i + 1 < n && sql.charAt(i + 1) == '\'') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i++;
                }
                i++;
                code.append("'?'");
                continue;
            }
            if (c == '"') {
                int end = sql.indexOf('"', i + 1);
                end = end < 0 ? n : end;
                code.append(sql, i + 1, end);
                i = end + 1;
                continue;
            }
            if (c == '$') {
                Matcher tag = DOLLAR_TAG.matcher(sql).region(i, n);
                boolean identifierBefore = i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_');
                if (!identifierBefore && tag.lookingAt()) {
                    String delimiter = tag.group();
                    int bodyStart = i + delimiter.length();
                    int end = sql.indexOf(delimiter, bodyStart);
                    end = end < 0 ? n : end;
                    String body = sql.substring(bodyStart, end);
                    bodies.add(body);
                    bodyLines.add(line);
                    line += (int) body.chars().filter(ch -> ch == '\n').count();
                    code.append(" $$ ");
                    i = Math.min(n, end + delimiter.length());
                    continue;
                }
            }
            if (c == ';') {
                add(out, code, sql.substring(start, i), startLine, bodies, bodyLines);
                code = new StringBuilder();
                bodies = new ArrayList<>();
                bodyLines = new ArrayList<>();
                startLine = -1;
                start = i + 1;
                i++;
                continue;
            }
            code.append(c);
            i++;
        }
        add(out, code, sql.substring(Math.min(start, n)), startLine, bodies, bodyLines);
        return out;
    }

    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$(?:[A-Za-z_][A-Za-z0-9_]*)?\\$");

    private static void add(List<Statement> out, StringBuilder code, String raw, int line, List<String> bodies,
                            List<Integer> bodyLines) {
        String normal = code.toString()
                .replaceAll("\\$\\{[^}]*}\\.", "")   // ${flyway:defaultSchema}.name -> name
                .replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
        if (!normal.isEmpty()) {
            out.add(new Statement(line, normal, raw.strip(), List.copyOf(bodies), List.copyOf(bodyLines)));
        }
    }

    /** A DO block's statements, each without the PL/pgSQL words that lead into it (BEGIN, IF ... THEN, LOOP). */
    static List<Statement> doBlockStatements(Statement doBlock) {
        List<Statement> inner = new ArrayList<>();
        for (int b = 0; b < doBlock.bodies().size(); b++) {
            for (Statement s : statements(doBlock.bodies().get(b), doBlock.bodyLines().get(b))) {
                String code = s.code();
                String previous;
                do {
                    previous = code;
                    code = code.replaceFirst("^(?:declare\\b.*?\\bbegin|begin|else|loop|exception when .*? then"
                            + "|(?:if|elsif|when) .*? then|(?:for|foreach|while) .*? loop) ", "");
                } while (!code.equals(previous));
                inner.add(new Statement(s.line(), code, s.raw(), s.bodies(), s.bodyLines()));
            }
        }
        return inner;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The catalog of what migrations created

    /** Names are unqualified and lower case; columns, constraints and triggers are {@code table.name}. */
    static final class Catalog {
        final Set<String> tables = new HashSet<>();
        final Set<String> columns = new HashSet<>();
        final Set<String> indexes = new HashSet<>();
        final Set<String> constraints = new HashSet<>();
        final Set<String> triggers = new HashSet<>();
        final Set<String> views = new HashSet<>();
        final Set<String> functions = new HashSet<>();
        final Set<String> types = new HashSet<>();
        /** table.column for which a validated CHECK (column IS NOT NULL) exists. */
        final Set<String> notNullChecks = new HashSet<>();
        /** constraint keys added NOT VALID and not validated yet, with their CHECK expression's not-null column. */
        final java.util.Map<String, String> pendingNotNull = new java.util.HashMap<>();

        void addAll(Catalog o) {
            tables.addAll(o.tables);
            columns.addAll(o.columns);
            indexes.addAll(o.indexes);
            constraints.addAll(o.constraints);
            triggers.addAll(o.triggers);
            views.addAll(o.views);
            functions.addAll(o.functions);
            types.addAll(o.types);
            notNullChecks.addAll(o.notNullChecks);
            pendingNotNull.putAll(o.pendingNotNull);
        }

        boolean has(String kind, String name) {
            return switch (kind) {
                case "table" -> tables.contains(name);
                case "view", "materialized view" -> views.contains(name);
                case "function", "procedure" -> functions.contains(name);
                case "type" -> types.contains(name);
                case "index" -> indexes.contains(name);
                default -> false;
            };
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Rules

    /** Checks {@code migrations}, given in the order they run (modules in dependency order, versions ascending). */
    static List<Violation> check(List<Migration> migrations) {
        Catalog before = new Catalog();
        List<Violation> out = new ArrayList<>();
        for (Migration m : migrations) {
            Catalog here = new Catalog();
            new FileCheck(m, before, here, out).run();
            before.addAll(here);
        }
        return out;
    }

    private static final String NAME = "(?:[a-z_][\\w$]*\\.)?([a-z_][\\w$]*)";
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "^create (?:unique )?index (concurrently )?(?:if not exists )?(?:" + NAME + " )?on (?:only )?" + NAME);
    private static final Pattern DROP_INDEX = Pattern.compile("^drop index (concurrently )?(?:if exists )?(.*?)(?: cascade| restrict)?$");
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "^create (?:unlogged |temporary |temp )?table (?:if not exists )?" + NAME + " ?\\((.*)\\)[^)]*$");
    private static final Pattern ALTER_TABLE = Pattern.compile("^alter table (?:if exists )?(?:only )?" + NAME + " (.*)$");
    private static final Pattern CREATE_VIEW = Pattern.compile("^create (?:or replace )?(?:materialized )?view (?:if not exists )?" + NAME);
    private static final Pattern CREATE_FUNCTION = Pattern.compile("^create (?:or replace )?(?:function|procedure) " + NAME);
    private static final Pattern CREATE_TRIGGER = Pattern.compile(
            "^create (?:or replace )?(?:constraint )?trigger " + NAME + " .*? on " + NAME);
    private static final Pattern DROP_TRIGGER = Pattern.compile("^drop trigger (?:if exists )?" + NAME + " on " + NAME);
    private static final Pattern CREATE_TYPE = Pattern.compile("^create type " + NAME);
    private static final Pattern DROP_OBJECT = Pattern.compile(
            "^drop (table|materialized view|view|function|procedure|type|sequence) (?:if exists )?(.*?)(?: cascade| restrict)?$");
    private static final Pattern LOCK = Pattern.compile("^lock (?:table )?(?:only )?(.*?)(?: in .* mode)?(?: nowait)?$");
    private static final Pattern UPDATE = Pattern.compile("^update (?:only )?" + NAME + "\\b");
    private static final Pattern DELETE = Pattern.compile("^delete from (?:only )?" + NAME + "\\b");
    private static final Pattern SET_LOCK_TIMEOUT = Pattern.compile(
            "^set (local |session )?lock_timeout(?: to | ?= ?)(.*)$");
    private static final Pattern LOCK_TIMEOUT_VALUE = Pattern.compile("'?\\s*(\\d+)\\s*(ms|s|min)?\\s*'?", Pattern.CASE_INSENSITIVE);
    private static final Pattern VOLATILE_DEFAULT = Pattern.compile(
            "\\bdefault .*\\b(?:gen_random_uuid|uuid_generate_v\\d|clock_timestamp|random|timeofday|nextval|txid_current|pg_current_xact_id)\\s*\\(");
    private static final Pattern NOT_NULL_CHECK = Pattern.compile("^\\(*\\s*([a-z_][\\w$]*) is not null\\s*\\)*$");

    private static final class FileCheck {
        final Migration m;
        final Catalog before;
        final Catalog here;
        final List<Violation> out;
        /** Constraints (table.name) added in this file, and triggers (table.name) created in it: replacements. */
        final Set<String> readdedConstraints = new HashSet<>();
        final Set<String> recreatedTriggers = new HashSet<>();
        final Set<String> addedNotValid = new HashSet<>();

        FileCheck(Migration m, Catalog before, Catalog here, List<Violation> out) {
            this.m = m;
            this.before = before;
            this.here = here;
            this.out = out;
        }

        void run() {
            List<Statement> top = statements(m.sql());
            List<Statement> all = new ArrayList<>();
            for (Statement s : top) {
                all.add(s);
                if (s.code().startsWith("do ")) {
                    for (Statement inner : doBlockStatements(s)) {
                        // A batched backfill's UPDATE or DELETE commits batch by batch: no BACKFILL finding for it.
                        all.add(!m.transactional() && isBatched(s) && inner.code().matches("^(?:update|delete) .*")
                                ? new Statement(inner.line(), "-- batched " + inner.code(), inner.raw(), List.of(), List.of())
                                : inner);
                    }
                }
            }
            for (Statement s : all) {
                Matcher t = ALTER_TABLE.matcher(s.code());
                if (t.find()) {
                    for (String sub : splitTopLevel(t.group(2))) {
                        Matcher c = Pattern.compile("^add constraint ([\\w$]+) ").matcher(sub);
                        if (c.find()) {
                            readdedConstraints.add(t.group(1) + "." + c.group(1));
                        }
                    }
                }
                Matcher tr = CREATE_TRIGGER.matcher(s.code());
                if (tr.find()) {
                    recreatedTriggers.add(tr.group(2) + "." + tr.group(1));
                }
            }
            transactionRules(top);
            for (Statement s : all) {
                statement(s);
            }
        }

        void transactionRules(List<Statement> top) {
            if (top.isEmpty()) {
                return;
            }
            if (!m.transactional()) {
                if (top.size() != 1 || !(isConcurrently(top.get(0).code()) || isBatched(top.get(0)))) {
                    Statement first = top.size() == 1 ? top.get(0) : top.get(1);
                    fail(first, Rule.NON_TRANSACTIONAL, "a non-transactional migration holds " + top.size()
                            + " statement(s); it must hold exactly one: a CONCURRENTLY statement, or a DO block that"
                            + " COMMITs after each batch (a failure in between would leave the first applied and the"
                            + " migration marked failed)");
                }
                // No lock_timeout here: a CONCURRENTLY build waits for its SHARE UPDATE EXCLUSIVE lock and for older
                // transactions without blocking reads or writes, and a timeout would only leave an INVALID index; a
                // batched backfill holds row locks of one batch for one short transaction at a time.
                return;
            }
            for (Statement s : top) {
                if (isBatched(s)) {
                    fail(s, Rule.NON_TRANSACTIONAL, "COMMIT in a DO block of a migration that runs in a transaction"
                            + " (PostgreSQL refuses it: invalid transaction termination)");
                }
            }
            Statement first = top.get(0);
            Matcher set = SET_LOCK_TIMEOUT.matcher(first.code());
            if (!set.find()) {
                fail(first, Rule.LOCK_TIMEOUT, "the migration does not start with SET LOCAL lock_timeout");
                return;
            }
            if (!"local ".equals(set.group(1))) {
                fail(first, Rule.LOCK_TIMEOUT, "lock_timeout is set for the session, not the transaction (SET LOCAL)");
                return;
            }
            Matcher raw = Pattern.compile("lock_timeout\\s*(?:to|=)\\s*(.*)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
                    .matcher(first.raw());
            Matcher value = raw.find() ? LOCK_TIMEOUT_VALUE.matcher(raw.group(1).strip()) : null;
            if (value == null || !value.matches()) {
                fail(first, Rule.LOCK_TIMEOUT, "lock_timeout must be a literal duration such as '5s'");
                return;
            }
            long ms = Long.parseLong(value.group(1)) * switch (value.group(2) == null ? "ms" : value.group(2).toLowerCase(Locale.ROOT)) {
                case "s" -> 1000L;
                case "min" -> 60_000L;
                default -> 1L;
            };
            if (ms <= 0 || ms > 60_000) {
                fail(first, Rule.LOCK_TIMEOUT, "lock_timeout " + ms + " ms: 0 waits forever, more than a minute is"
                        + " a minute of queued readers and writers");
            }
        }

        /** A DO block that commits as it goes: a batched backfill, which needs a non-transactional migration. */
        static boolean isBatched(Statement s) {
            return s.code().startsWith("do ") && doBlockStatements(s).stream().anyMatch(i -> i.code().equals("commit"));
        }

        static boolean isConcurrently(String code) {
            return code.matches("^(?:create (?:unique )?index concurrently|drop index concurrently|reindex .*concurrently).*");
        }

        boolean existingTable(String table) {
            return before.tables.contains(table);
        }

        void statement(Statement s) {
            String code = s.code();
            Matcher x;
            if (code.contains(" concurrently") && isConcurrently(code) && m.transactional()) {
                fail(s, Rule.NON_TRANSACTIONAL, "CONCURRENTLY in a migration that runs in a transaction");
            }
            if ((x = CREATE_INDEX.matcher(code)).find()) {
                if (x.group(2) != null) {
                    here.indexes.add(x.group(2));
                }
                if (x.group(1) == null && existingTable(x.group(3))) {
                    fail(s, Rule.CONCURRENT_INDEX, "index on " + x.group(3) + ", a table an earlier migration created,"
                            + " built without CONCURRENTLY: writes to it wait for the whole build");
                }
            } else if ((x = DROP_INDEX.matcher(code)).find()) {
                for (String name : names(x.group(2))) {
                    if (before.indexes.contains(name)) {
                        fail(s, Rule.DROP, "drops index " + name + ", which an earlier migration created");
                        if (x.group(1) == null) {
                            fail(s, Rule.CONCURRENT_INDEX, "DROP INDEX " + name + " without CONCURRENTLY locks its table");
                        }
                    }
                }
            } else if (code.startsWith("reindex ") && !code.contains("concurrently")) {
                fail(s, Rule.CONCURRENT_INDEX, "REINDEX without CONCURRENTLY locks the table");
            } else if ((x = CREATE_TABLE.matcher(code)).find()) {
                createTable(x.group(1), x.group(2));
            } else if ((x = ALTER_TABLE.matcher(code)).find()) {
                alterTable(s, x.group(1), x.group(2));
            } else if ((x = CREATE_VIEW.matcher(code)).find()) {
                here.views.add(x.group(1));
            } else if ((x = CREATE_FUNCTION.matcher(code)).find()) {
                here.functions.add(x.group(1));
            } else if ((x = CREATE_TRIGGER.matcher(code)).find()) {
                here.triggers.add(x.group(2) + "." + x.group(1));
            } else if ((x = DROP_TRIGGER.matcher(code)).find()) {
                String key = x.group(2) + "." + x.group(1);
                if (before.triggers.contains(key) && !recreatedTriggers.contains(key)) {
                    fail(s, Rule.DROP, "drops trigger " + key + ", which an earlier migration created, and does not"
                            + " create it again");
                }
            } else if ((x = CREATE_TYPE.matcher(code)).find()) {
                here.types.add(x.group(1));
            } else if ((x = DROP_OBJECT.matcher(code)).find()) {
                for (String name : names(x.group(2))) {
                    if (before.has(x.group(1), name)) {
                        fail(s, Rule.DROP, "drops " + x.group(1) + " " + name + ", which an earlier migration created");
                    }
                }
            } else if ((x = LOCK.matcher(code)).find()) {
                for (String name : names(x.group(1))) {
                    if (existingTable(name)) {
                        fail(s, Rule.LOCK_TABLE, "locks " + name + ", a table an earlier migration created, until the"
                                + " migration commits");
                    }
                }
            } else if ((x = UPDATE.matcher(code)).find() || (x = DELETE.matcher(code)).find()) {
                if (existingTable(x.group(1))) {
                    fail(s, Rule.BACKFILL, code.substring(0, 6) + " of " + x.group(1) + ", a table an earlier migration"
                            + " created, in one transaction");
                }
            }
        }

        void createTable(String table, String body) {
            here.tables.add(table);
            for (String item : splitTopLevel(body)) {
                Matcher c = Pattern.compile("^([\\w$]+) ").matcher(item + " ");
                if (c.find() && !Set.of("constraint", "primary", "unique", "check", "foreign", "exclude", "like")
                        .contains(c.group(1))) {
                    here.columns.add(table + "." + c.group(1));
                    if (item.matches(".*\\bnot null\\b.*")) {
                        here.notNullChecks.add(table + "." + c.group(1));
                    }
                }
                Matcher named = Pattern.compile("\\bconstraint ([\\w$]+)").matcher(item);
                while (named.find()) {
                    here.constraints.add(table + "." + named.group(1));
                }
            }
        }

        void alterTable(Statement s, String table, String rest) {
            boolean existing = existingTable(table);
            if (rest.startsWith("rename ")) {
                if (existing) {
                    fail(s, Rule.DROP, "renames in " + table + ": for the previous release the old name is dropped");
                }
                return;
            }
            for (String sub : splitTopLevel(rest)) {
                Matcher x;
                if ((x = Pattern.compile("^add (?:constraint ([\\w$]+) )?(check|foreign key|unique|primary key|exclude)\\b(.*)$")
                        .matcher(sub)).find()) {
                    String name = x.group(1);
                    String kind = x.group(2);
                    if (name != null) {
                        here.constraints.add(table + "." + name);
                    }
                    boolean notValid = sub.contains(" not valid");
                    if (existing && (kind.equals("check") || kind.equals("foreign key")) && !notValid) {
                        fail(s, Rule.NOT_VALID, kind.toUpperCase(Locale.ROOT) + " constraint " + (name == null ? "" : name + " ")
                                + "added to " + table + ", a table an earlier migration created, without NOT VALID: every"
                                + " row is checked while reads and writes wait");
                    }
                    if (existing && (kind.equals("unique") || kind.equals("primary key") || kind.equals("exclude"))
                            && !sub.contains(" using index ")) {
                        fail(s, Rule.CONCURRENT_INDEX, kind.toUpperCase(Locale.ROOT) + " constraint on " + table
                                + " builds its index under ACCESS EXCLUSIVE");
                    }
                    if (name != null && notValid) {
                        addedNotValid.add(table + "." + name);
                    }
                    Matcher nn = kind.equals("check") ? NOT_NULL_CHECK.matcher(x.group(3).replace(" not valid", "").strip())
                            : null;
                    if (name != null && nn != null && nn.find()) {
                        if (notValid) {
                            here.pendingNotNull.put(table + "." + name, nn.group(1));
                        } else {
                            here.notNullChecks.add(table + "." + nn.group(1));
                        }
                    }
                } else if ((x = Pattern.compile("^validate constraint ([\\w$]+)").matcher(sub)).find()) {
                    String key = table + "." + x.group(1);
                    if (addedNotValid.contains(key)) {
                        fail(s, Rule.NOT_VALID, "VALIDATE CONSTRAINT " + x.group(1) + " in the migration that added it"
                                + " NOT VALID: the scan still runs under the ADD's ACCESS EXCLUSIVE lock");
                    }
                    String column = before.pendingNotNull.get(key);
                    if (column != null) {
                        here.notNullChecks.add(table + "." + column);
                    }
                } else if ((x = Pattern.compile("^drop constraint (?:if exists )?([\\w$]+)").matcher(sub)).find()) {
                    String key = table + "." + x.group(1);
                    if (before.constraints.contains(key) && !readdedConstraints.contains(key)) {
                        fail(s, Rule.DROP, "drops constraint " + key + ", which an earlier migration created, and does"
                                + " not add it again under the same name");
                    }
                } else if ((x = Pattern.compile("^add (?:column )?(?:if not exists )?([\\w$]+) (.*)$").matcher(sub)).find()) {
                    String column = x.group(1);
                    String def = x.group(2);
                    here.columns.add(table + "." + column);
                    if (!existing) {
                        continue;
                    }
                    if (VOLATILE_DEFAULT.matcher(def).find() || def.matches(".*\\bgenerated always as \\(.*\\bstored\\b.*")
                            || def.matches(".*\\bas identity\\b.*") || def.matches("^(?:big|small)?serial\\b.*")) {
                        fail(s, Rule.TABLE_REWRITE, "column " + table + "." + column + " is filled row by row (a volatile"
                                + " default, a stored generated column, an identity or serial): the table is rewritten");
                    }
                    if (def.matches(".*\\bnot null\\b.*") && !def.matches(".*\\bdefault\\b.*")
                            && !def.matches(".*\\b(?:as identity|generated always as)\\b.*")) {
                        fail(s, Rule.NOT_NULL, "NOT NULL column " + table + "." + column + " without a default: the"
                                + " previous release's INSERTs do not name it and fail");
                    }
                    if (def.matches(".*\\b(?:unique|primary key)\\b.*")) {
                        fail(s, Rule.CONCURRENT_INDEX, "column " + table + "." + column + " with a UNIQUE or PRIMARY KEY"
                                + " constraint builds its index under ACCESS EXCLUSIVE");
                    }
                } else if ((x = Pattern.compile("^drop (?:column )?(?:if exists )?([\\w$]+)").matcher(sub)).find()) {
                    if (before.columns.contains(table + "." + x.group(1))) {
                        fail(s, Rule.DROP, "drops column " + table + "." + x.group(1) + ", which an earlier migration created");
                    }
                } else if ((x = Pattern.compile("^alter (?:column )?([\\w$]+) (?:set data )?type ").matcher(sub)).find()) {
                    if (before.columns.contains(table + "." + x.group(1))) {
                        fail(s, Rule.TABLE_REWRITE, "changes the type of " + table + "." + x.group(1)
                                + ": PostgreSQL rewrites the table (and its indexes) under ACCESS EXCLUSIVE");
                    }
                } else if ((x = Pattern.compile("^alter (?:column )?([\\w$]+) set not null").matcher(sub)).find()) {
                    String key = table + "." + x.group(1);
                    if (before.columns.contains(key) && !before.notNullChecks.contains(key)) {
                        fail(s, Rule.NOT_NULL, "SET NOT NULL on " + key + " without a CHECK (" + x.group(1)
                                + " IS NOT NULL) validated by an earlier migration: every row is scanned under ACCESS"
                                + " EXCLUSIVE, and the previous release may still write NULL");
                    }
                    here.notNullChecks.add(key);
                } else if ((x = Pattern.compile("^alter (?:column )?([\\w$]+) drop default").matcher(sub)).find()) {
                    if (before.columns.contains(table + "." + x.group(1))) {
                        fail(s, Rule.DROP, "drops the default of " + table + "." + x.group(1)
                                + ": the previous release's INSERTs may rely on it");
                    }
                } else if (sub.matches("^set (?:logged|unlogged|tablespace|access method)\\b.*") && existing) {
                    fail(s, Rule.TABLE_REWRITE, sub + " rewrites " + table);
                }
            }
        }

        void fail(Statement s, Rule rule, String detail) {
            out.add(new Violation(m.name(), s.line(), rule, s.raw(), detail));
        }
    }

    /** Splits at commas outside parentheses. */
    static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).strip());
        parts.removeIf(String::isEmpty);
        return parts;
    }

    /** {@code a, portal.b} -> [a, b]. */
    private static List<String> names(String list) {
        List<String> names = new ArrayList<>();
        for (String part : list.split(",")) {
            String p = part.strip();
            int dot = p.lastIndexOf('.');
            p = dot >= 0 ? p.substring(dot + 1) : p;
            p = p.replaceAll("\\(.*$", "").strip();
            if (!p.isEmpty()) {
                names.add(p);
            }
        }
        return names;
    }

    private static String abbreviate(String raw) {
        String one = raw.replaceAll("\\s+", " ").strip();
        return one.length() > 160 ? one.substring(0, 160) + " ..." : one;
    }
}
