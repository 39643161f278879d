package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.resilience.MigrationLint.Migration;
import dev.portalkit.resilience.MigrationLint.Rule;
import dev.portalkit.resilience.MigrationLint.Violation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The lint itself, on small SQL snippets: for every rule, statements that must fail it and statements that must
 * pass. Each snippet runs as the second migration after {@link #EARLIER}, which creates the "existing" objects.
 */
class MigrationLintRulesTest {

    static final String TIMEOUT = "SET LOCAL lock_timeout = '5s';\n";

    /** What an earlier (released) migration created: the existing objects. */
    static final String EARLIER = TIMEOUT + """
            CREATE TYPE kind AS ENUM ('A', 'B');
            CREATE TABLE items (
                id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                name    text NOT NULL,
                note    varchar(20),
                amount  numeric(10, 2),
                status  text NOT NULL CONSTRAINT items_status_check CHECK (status IN ('A', 'B'))
            );
            CREATE INDEX items_name_idx ON items (name);
            CREATE VIEW item_names (id, name) AS SELECT id, name FROM items;
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$;
            CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
            """;

    static List<Violation> lint(String sql) {
        return lint(sql, true);
    }

    static List<Violation> lint(String sql, boolean transactional) {
        return MigrationLint.check(List.of(new Migration("m/V1__earlier.sql", EARLIER, true),
                new Migration("m/V2__next.sql", sql, transactional)));
    }

    static List<Rule> rules(String sql) {
        return rules(sql, true);
    }

    static List<Rule> rules(String sql, boolean transactional) {
        List<Rule> rules = new ArrayList<>();
        for (Violation v : lint(sql, transactional)) {
            assertThat(v.file()).as("the earlier file is clean").isEqualTo("m/V2__next.sql");
            rules.add(v.rule());
        }
        return rules;
    }

    @Test
    void theEarlierFileItselfIsClean() {
        assertThat(MigrationLint.check(List.of(new Migration("m/V1__earlier.sql", EARLIER, true)))).isEmpty();
    }

    @Test
    void aFailureNamesFileLineRuleAndFix() {
        List<Violation> v = lint(TIMEOUT + "\n-- a comment\nCREATE INDEX items_note_idx\n    ON items (note);");
        assertThat(v).hasSize(1);
        assertThat(v.get(0).line()).isEqualTo(4);
        assertThat(v.get(0).message()).startsWith("m/V2__next.sql:4: [CONCURRENT_INDEX]")
                .contains("CREATE INDEX items_note_idx ON items (note)").contains("fix: build it with CREATE");
    }

    @Nested
    class ConcurrentIndex {
        @Test
        void failsOnAnExistingTableWithoutConcurrently() {
            assertThat(rules(TIMEOUT + "CREATE INDEX items_note_idx ON items (note);")).containsExactly(Rule.CONCURRENT_INDEX);
            assertThat(rules(TIMEOUT + "CREATE UNIQUE INDEX IF NOT EXISTS items_n ON ONLY ${flyway:defaultSchema}.items (note);"))
                    .containsExactly(Rule.CONCURRENT_INDEX);
            assertThat(rules(TIMEOUT + "ALTER TABLE items ADD CONSTRAINT items_note_key UNIQUE (note);"))
                    .containsExactly(Rule.CONCURRENT_INDEX);
            assertThat(rules(TIMEOUT + "ALTER TABLE items ADD COLUMN code text UNIQUE;")).containsExactly(Rule.CONCURRENT_INDEX);
            assertThat(rules(TIMEOUT + "REINDEX TABLE items;")).containsExactly(Rule.CONCURRENT_INDEX);
        }

        @Test
        void passesConcurrentlyAloneOutsideATransaction() {
            assertThat(rules("CREATE INDEX CONCURRENTLY items_note_idx ON items (note);", false)).isEmpty();
            assertThat(rules("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS items_n ON items (note)", false)).isEmpty();
            assertThat(rules("DROP INDEX CONCURRENTLY IF EXISTS other_idx;", false)).isEmpty();
            assertThat(rules(TIMEOUT + "ALTER TABLE items ADD CONSTRAINT items_note_key UNIQUE USING INDEX items_n;")).isEmpty();
        }

        @Test
        void passesOnATableCreatedInTheSameFile() {
            assertThat(rules(TIMEOUT + "CREATE TABLE fresh (id int PRIMARY KEY, a text);\n"
                    + "CREATE INDEX fresh_a_idx ON fresh (a);\nALTER TABLE fresh ADD CONSTRAINT fresh_a_key UNIQUE (a);")).isEmpty();
        }

        @Test
        void ignoresWhatCommentsStringsAndFunctionBodiesSay() {
            assertThat(rules(TIMEOUT + """
                    -- CREATE INDEX x ON items (note);
                    /* CREATE INDEX y ON items (note); /* nested */ DROP TABLE items; */
                    COMMENT ON TABLE items IS 'CREATE INDEX z ON items (note); DROP TABLE items;';
                    CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $body$
                    BEGIN
                        UPDATE items SET note = 'x'; -- runs when called, not in the migration
                        LOCK TABLE items;
                    END;
                    $body$;
                    """)).isEmpty();
        }
    }

    @Nested
    class NonTransactional {
        @Test
        void failsConcurrentlyInsideATransaction() {
            assertThat(rules(TIMEOUT + "CREATE INDEX CONCURRENTLY items_note_idx ON items (note);"))
                    .containsExactly(Rule.NON_TRANSACTIONAL);
        }

        @Test
        void failsANonTransactionalMigrationWithMoreThanOneStatementOrAnotherKind() {
            assertThat(rules("CREATE INDEX CONCURRENTLY a ON items (note);\nCREATE INDEX CONCURRENTLY b ON items (amount);",
                    false)).containsExactly(Rule.NON_TRANSACTIONAL);
            assertThat(rules("ALTER TABLE items ADD COLUMN extra text;", false)).containsExactly(Rule.NON_TRANSACTIONAL);
        }
    }

    @Nested
    class BatchedBackfill {
        static final String BATCHED = """
                DO $$
                DECLARE
                    last_id uuid := '00000000-0000-0000-0000-000000000000';
                    batch uuid[];
                BEGIN
                    LOOP
                        SELECT array_agg(id ORDER BY id) INTO batch
                          FROM (SELECT id FROM items WHERE id > last_id ORDER BY id LIMIT 500 FOR SHARE) b;
                        EXIT WHEN batch IS NULL;
                        UPDATE items SET note = 'x' WHERE id = ANY (batch) AND note IS NULL;
                        last_id := batch[cardinality(batch)];
                        COMMIT;
                    END LOOP;
                END
                $$;
                """;

        @Test
        void passesADoBlockThatCommitsPerBatchAloneOutsideATransaction() {
            assertThat(rules(BATCHED, false)).isEmpty();
        }

        @Test
        void failsItInsideATransactionOrWithAnotherStatement() {
            assertThat(rules(TIMEOUT + BATCHED)).containsExactlyInAnyOrder(Rule.NON_TRANSACTIONAL, Rule.BACKFILL);
            assertThat(rules(BATCHED + "UPDATE items SET note = 'y';", false)).contains(Rule.NON_TRANSACTIONAL);
            // Without a COMMIT it is one long transaction: not a batched backfill.
            assertThat(rules(BATCHED.replace("COMMIT;", ""), false)).contains(Rule.NON_TRANSACTIONAL);
        }
    }

    @Nested
    class LockTimeout {
        @Test
        void failsWithoutItSessionLevelOrUnbounded() {
            assertThat(rules("ALTER TABLE items ADD COLUMN extra text;")).containsExactly(Rule.LOCK_TIMEOUT);
            assertThat(rules("ALTER TABLE items ADD COLUMN extra text;\nSET LOCAL lock_timeout = '5s';"))
                    .containsExactly(Rule.LOCK_TIMEOUT);
            assertThat(rules("SET lock_timeout = '5s';\nALTER TABLE items ADD COLUMN extra text;")).containsExactly(Rule.LOCK_TIMEOUT);
            assertThat(rules("SET SESSION lock_timeout TO '5s';")).containsExactly(Rule.LOCK_TIMEOUT);
            assertThat(rules("SET LOCAL lock_timeout = 0;")).containsExactly(Rule.LOCK_TIMEOUT);
            assertThat(rules("SET LOCAL lock_timeout = '10min';")).containsExactly(Rule.LOCK_TIMEOUT);
            assertThat(rules("SET LOCAL lock_timeout = DEFAULT;")).containsExactly(Rule.LOCK_TIMEOUT);
        }

        @Test
        void passesSetLocalFirst() {
            assertThat(rules("-- header\nSET LOCAL lock_timeout = '5s';\nALTER TABLE items ADD COLUMN extra text;")).isEmpty();
            assertThat(rules("set local lock_timeout to 3000;")).isEmpty();
            assertThat(rules("SET LOCAL lock_timeout = '2 s';")).isEmpty();
        }
    }

    @Nested
    class TableRewrite {
        @Test
        void failsTypeChangesAndColumnsFilledRowByRow() {
            assertThat(rules(TIMEOUT + "ALTER TABLE items ALTER COLUMN amount TYPE numeric(12, 2);"))
                    .containsExactly(Rule.TABLE_REWRITE);
            assertThat(rules(TIMEOUT + "ALTER TABLE items ALTER amount SET DATA TYPE bigint USING amount::bigint;"))
                    .containsExactly(Rule.TABLE_REWRITE);
            assertThat(rules(TIMEOUT + "ALTER TABLE items ADD COLUMN ref uuid DEFAULT gen_random_uuid();"))
                    .containsExactly(Rule.TABLE_REWRITE);
            assertThat(rules(TIMEOUT + "ALTER TABLE items ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;"))
                    .containsExactly(Rule.TABLE_REWRITE);
            assertThat(rules(TIMEOUT + "ALTER TABLE items ADD COLUMN l int GENERATED ALWAYS AS (length(name)) STORED;"))
                    .containsExactly(Rule.TABLE_REWRITE);
            assertThat(rules(TIMEOUT + "ALTER TABLE items SET UNLOGGED;")).containsExactly(Rule.TABLE_REWRITE);
        }

        @Test
        void passesConstantDefaultsAndNewTables() {
            assertThat(rules(TIMEOUT + "ALTER TABLE items ADD COLUMN flag boolean NOT NULL DEFAULT false,"
                    + " ADD COLUMN at timestamptz DEFAULT now(), ALTER COLUMN note SET DEFAULT 'x';")).isEmpty();
            assertThat(rules(TIMEOUT + "CREATE TABLE fresh (a int);\nALTER TABLE fresh ALTER COLUMN a TYPE bigint;")).isEmpty();
        }
    }

    @Nested
    class NotNull {
        @Test
        void failsSetNotNullWithoutAValidatedCheckAndNotNullColumnsWithoutDefault() {
            assertThat(rules(TIMEOUT + "ALTER TABLE items ALTER COLUMN note SET NOT NULL;")).containsExactly(Rule.NOT_NULL);
            assertThat(rules(TIMEOUT + "ALTER TABLE items ADD COLUMN code text NOT NULL;")).containsExactly(Rule.NOT_NULL);
            // A NOT VALID check is not enough: it must be validated, by an earlier migration.
            assertThat(MigrationLint.check(List.of(new Migration("m/V1__earlier.sql", EARLIER, true),
                    new Migration("m/V2__check.sql", TIMEOUT
                            + "ALTER TABLE items ADD CONSTRAINT items_note_nn CHECK (note IS NOT NULL) NOT VALID;", true),
                    new Migration("m/V3__set.sql", TIMEOUT + "ALTER TABLE items ALTER COLUMN note SET NOT NULL;", true))))
                    .extracting(Violation::rule).containsExactly(Rule.NOT_NULL);
        }

        @Test
        void passesTheExpandContractSteps() {
            assertThat(MigrationLint.check(List.of(new Migration("m/V1__earlier.sql", EARLIER, true),
                    new Migration("m/V2__check.sql", TIMEOUT
                            + "ALTER TABLE items ADD CONSTRAINT items_note_nn CHECK (note IS NOT NULL) NOT VALID;", true),
                    new Migration("m/V3__validate.sql", TIMEOUT + "ALTER TABLE items VALIDATE CONSTRAINT items_note_nn;", true),
                    new Migration("m/V4__set.sql", TIMEOUT + "ALTER TABLE items ALTER COLUMN note SET NOT NULL;", true))))
                    .isEmpty();
            assertThat(rules(TIMEOUT + "ALTER TABLE items ADD COLUMN code text NOT NULL DEFAULT '';")).isEmpty();
            assertThat(rules(TIMEOUT + "ALTER TABLE items ALTER COLUMN note DROP NOT NULL;")).isEmpty();
        }
    }

    @Nested
    class NotValid {
        @Test
        void failsAValidatedCheckOrForeignKeyOnAnExistingTableAndValidationInTheSameMigration() {
            assertThat(rules(TIMEOUT + "ALTER TABLE items ADD CONSTRAINT items_amount_check CHECK (amount > 0);"))
                    .containsExactly(Rule.NOT_VALID);
            assertThat(rules(TIMEOUT + "ALTER TABLE items ADD CONSTRAINT items_fk FOREIGN KEY (id) REFERENCES items (id);"))
                    .containsExactly(Rule.NOT_VALID);
            assertThat(rules(TIMEOUT + "ALTER TABLE items ADD CONSTRAINT items_amount_check CHECK (amount > 0) NOT VALID;\n"
                    + "ALTER TABLE items VALIDATE CONSTRAINT items_amount_check;")).containsExactly(Rule.NOT_VALID);
        }

        @Test
        void passesNotValidThenValidateInALaterMigration() {
            assertThat(rules(TIMEOUT + "ALTER TABLE items ADD CONSTRAINT items_amount_check CHECK (amount > 0) NOT VALID;"))
                    .isEmpty();
            assertThat(rules(TIMEOUT + "ALTER TABLE items VALIDATE CONSTRAINT items_status_check;")).isEmpty();
        }
    }

    @Nested
    class Drop {
        @Test
        void failsDropsAndRenamesOfWhatEarlierMigrationsCreated() {
            assertThat(rules(TIMEOUT + "DROP TABLE items;")).containsExactly(Rule.DROP);
            assertThat(rules(TIMEOUT + "DROP VIEW IF EXISTS item_names;")).containsExactly(Rule.DROP);
            assertThat(rules(TIMEOUT + "DROP FUNCTION touch() CASCADE;")).containsExactly(Rule.DROP);
            assertThat(rules(TIMEOUT + "DROP TYPE kind;")).containsExactly(Rule.DROP);
            assertThat(rules(TIMEOUT + "ALTER TABLE items DROP COLUMN note;")).containsExactly(Rule.DROP);
            assertThat(rules(TIMEOUT + "ALTER TABLE items DROP CONSTRAINT items_status_check;")).containsExactly(Rule.DROP);
            assertThat(rules(TIMEOUT + "ALTER TABLE items ALTER COLUMN id DROP DEFAULT;")).containsExactly(Rule.DROP);
            assertThat(rules(TIMEOUT + "DROP TRIGGER items_touch ON items;")).containsExactly(Rule.DROP);
            assertThat(rules(TIMEOUT + "ALTER TABLE items RENAME COLUMN note TO remark;")).containsExactly(Rule.DROP);
            assertThat(rules(TIMEOUT + "ALTER TABLE items RENAME TO things;")).containsExactly(Rule.DROP);
            assertThat(rules("DROP INDEX CONCURRENTLY items_name_idx;", false)).containsExactly(Rule.DROP);
            assertThat(rules(TIMEOUT + "DROP INDEX items_name_idx;")).containsExactlyInAnyOrder(Rule.DROP, Rule.CONCURRENT_INDEX);
        }

        @Test
        void passesReplacementsAndDropsOfNewOrUnknownObjects() {
            // A constraint replaced under its name (NOT VALID: see NotValid), a trigger re-created under its name.
            assertThat(rules(TIMEOUT + "ALTER TABLE items DROP CONSTRAINT items_status_check,\n"
                    + "    ADD CONSTRAINT items_status_check CHECK (status IN ('A', 'B', 'C')) NOT VALID;")).isEmpty();
            assertThat(rules(TIMEOUT + "DROP TRIGGER items_touch ON items;\n"
                    + "CREATE TRIGGER items_touch BEFORE UPDATE OR INSERT ON items FOR EACH ROW EXECUTE FUNCTION touch();"))
                    .isEmpty();
            assertThat(rules(TIMEOUT + "CREATE OR REPLACE VIEW item_names (id, name, note) AS SELECT id, name, note FROM items;"))
                    .isEmpty();
            assertThat(rules(TIMEOUT + "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " NEW.note := 'x'; RETURN NEW; END; $$;")).isEmpty();
            assertThat(rules(TIMEOUT + "CREATE TABLE tmp (a int);\nDROP TABLE tmp;\nDROP TABLE IF EXISTS never_created;"))
                    .isEmpty();
        }

        @Test
        void aConstraintReplacedUnderAnotherNameIsADrop() {
            assertThat(rules(TIMEOUT + "ALTER TABLE items DROP CONSTRAINT items_status_check;\n"
                    + "ALTER TABLE items ADD CONSTRAINT items_status_check2 CHECK (status <> '') NOT VALID;"))
                    .containsExactly(Rule.DROP);
        }
    }

    @Nested
    class LockTableAndBackfill {
        @Test
        void failsLockingOrRewritingRowsOfAnExistingTable() {
            assertThat(rules(TIMEOUT + "LOCK TABLE items IN SHARE ROW EXCLUSIVE MODE;")).containsExactly(Rule.LOCK_TABLE);
            assertThat(rules(TIMEOUT + "LOCK ${flyway:defaultSchema}.items;")).containsExactly(Rule.LOCK_TABLE);
            assertThat(rules(TIMEOUT + "UPDATE items SET note = 'x' WHERE note IS NULL;")).containsExactly(Rule.BACKFILL);
            assertThat(rules(TIMEOUT + "DELETE FROM ONLY items WHERE status = 'B';")).containsExactly(Rule.BACKFILL);
        }

        @Test
        void seesInsideDoBlocks() {
            assertThat(rules(TIMEOUT + """
                    DO $$
                    DECLARE
                        n bigint;
                    BEGIN
                        IF EXISTS (SELECT 1 FROM items) THEN
                            UPDATE items SET note = 'x';
                        END IF;
                        LOCK TABLE items;
                    END
                    $$;
                    """)).containsExactly(Rule.BACKFILL, Rule.LOCK_TABLE);
        }

        @Test
        void passesReadsAndWritesOfNewTables() {
            assertThat(rules(TIMEOUT + """
                    CREATE TABLE copies (id uuid, name text);
                    INSERT INTO copies SELECT id, name FROM items;
                    UPDATE copies SET name = upper(name);
                    LOCK TABLE copies;
                    DO $$ BEGIN PERFORM 1 FROM items; END $$;
                    """)).isEmpty();
        }
    }

    @Test
    void statementsKeepTheirLinesAcrossStringsAndBodies() {
        List<MigrationLint.Statement> s = MigrationLint.statements("""
                SELECT 'a;
                b';
                CREATE FUNCTION f() RETURNS int AS $x$ SELECT 1; $y$ $x$ LANGUAGE sql;
                SELECT E'it\\'s; fine' ;
                SELECT "we;ird" FROM t
                """);
        assertThat(s).extracting(MigrationLint.Statement::line).containsExactly(1, 3, 4, 5);
        assertThat(s.get(1).code()).isEqualTo("create function f() returns int as $$ language sql");
        assertThat(s.get(1).bodies()).containsExactly(" SELECT 1; $y$ ");
        assertThat(s.get(3).code()).isEqualTo("select we;ird from t");
    }
}
