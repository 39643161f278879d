package dev.portalkit.core.internal.mybatis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.internal.types.UuidTypeHandler;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Column positions kept per result-set layout never outlive the layout: other column orders, other
 * statements and a table changed under the reader each read the right columns.
 */
class RowLayoutIT {

    public record Row(UUID id, String displayName, long version, Instant createdAt) {
    }

    private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-000000000017");
    private static final Instant AT = Instant.parse("2026-12-06T10:00:00.123456Z");
    private static final Row EXPECTED = new Row(ID, "Ann", 3L, AT);

    private static Row read(Statement st, RecordMappingConfiguration.RecordRowHandler<Row> rows, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rows.read(rs, rows.positions(rs));
        }
    }

    @Test
    void positionsFollowTheLabelsOfEachResultSet() throws Exception {
        TestDatabase db = TestDatabases.migrated("portal", List.of());
        RecordMappingConfiguration c = new RecordMappingConfiguration(null);
        c.getTypeHandlerRegistry().register(UUID.class, new UuidTypeHandler());
        RecordMappingConfiguration.RecordRowHandler<Row> rows = RecordMappingConfiguration.RecordRowHandler.of(Row.class, c);
        // The owner: the test's own tables are DDL, which a split runtime role may not do.
        try (Connection con = db.directDataSource().getConnection(); Statement st = con.createStatement()) {
            st.execute("CREATE TABLE public.layout_t (id uuid, display_name text, version bigint, created_at timestamptz)");
            st.execute("INSERT INTO public.layout_t VALUES ('" + ID + "', 'Ann', 3, '" + AT + "')");
            List<String> selects = List.of(
                    "SELECT * FROM public.layout_t",
                    "SELECT created_at, version, id, display_name FROM public.layout_t",
                    "SELECT 1 AS extra, display_name, id, created_at, version FROM public.layout_t",
                    "SELECT * FROM public.layout_t");
            for (int round = 0; round < 3; round++) {
                for (String sql : selects) {
                    assertThat(read(st, rows, sql)).as("round %d: %s", round, sql).isEqualTo(EXPECTED);
                }
            }
            // the table changes under SELECT *: a column in front, then one dropped and added back at the end
            st.execute("ALTER TABLE public.layout_t RENAME TO layout_old");
            st.execute("CREATE TABLE public.layout_t (note text, created_at timestamptz, display_name text, id uuid,"
                    + " version bigint)");
            st.execute("INSERT INTO public.layout_t SELECT 'n', created_at, display_name, id, version FROM public.layout_old");
            assertThat(read(st, rows, "SELECT * FROM public.layout_t")).as("after a column was added in front").isEqualTo(EXPECTED);
            st.execute("ALTER TABLE public.layout_t DROP COLUMN display_name");
            st.execute("ALTER TABLE public.layout_t ADD COLUMN display_name text DEFAULT 'Ann'");
            assertThat(read(st, rows, "SELECT * FROM public.layout_t")).as("after a column moved to the end").isEqualTo(EXPECTED);
            assertThat(read(st, rows, selects.get(1))).as("an older layout again").isEqualTo(EXPECTED);
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }
}
