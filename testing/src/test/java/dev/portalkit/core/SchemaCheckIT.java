package dev.portalkit.core;

import static dev.portalkit.core.MigrationIT.exec;
import static dev.portalkit.core.MigrationIT.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.demo.DemoModule;
import dev.portalkit.demo.DemoService;
import dev.portalkit.demoaddon.DemoAddonModule;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The schema is damaged as its owner would damage it ({@code directDataSource()}: the owner when
 * roles are split). build() with APPLY and VALIDATE refuses a schema that lacks an object its modules' migrations
 * create (PK-1005), naming each one and the repair; NONE leaves the schema to the host.
 */
class SchemaCheckIT extends EmptyDatabaseTest {

    Portal.Builder demo(MigrationMode mode) {
        return builder().install(new DemoModule(), new DemoAddonModule()).migration(mode);
    }

    @Test
    void aConstraintAnIndexATriggerAndAnExtensionDroppedAreEachNamedByApplyAndByValidate() throws SQLException {
        demo(MigrationMode.APPLY).build().close();
        exec(db.directDataSource(),
                "ALTER TABLE portal.demo_items DROP CONSTRAINT demo_items_quantity_positive",
                "DROP INDEX portal.demo_notes_item_idx",
                "DROP TRIGGER nav_items_no_cycle ON portal.nav_items",
                // What a schema-only dump and restore does: the extension, and what needs it, are gone.
                "DROP EXTENSION btree_gist CASCADE");
        for (MigrationMode mode : List.of(MigrationMode.APPLY, MigrationMode.VALIDATE)) {
            assertThatThrownBy(() -> demo(mode).build())
                    .as("build() with %s", mode)
                    .isInstanceOf(PortalException.class)
                    .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.SCHEMA_INCOMPLETE))
                    .hasMessageStartingWith("[PK-1005] Schema portal lacks 5 object(s)")
                    .hasMessageContaining("migration mode " + mode)
                    .hasMessageContaining("constraint demo_items_quantity_positive on portal.demo_items (module demo)")
                    .hasMessageContaining("index demo_notes_item_idx on portal.demo_notes (module demoaddon)")
                    .hasMessageContaining("trigger nav_items_no_cycle on portal.nav_items (module core)")
                    .hasMessageContaining("extension btree_gist (module demoaddon)")
                    .hasMessageContaining("constraint demo_slots_no_overlap on portal.demo_slots (module demoaddon),"
                            + " needs extension btree_gist")
                    .hasMessageContaining("whole-database pg_dump, or pg_dump -n portal -e btree_gist")
                    .hasMessageContaining("first run CREATE EXTENSION btree_gist WITH SCHEMA portal");
        }
        // APPLY re-ran nothing (every migration is applied) and repaired nothing: the check only reports.
        assertThat(query(db.dataSource(), "SELECT count(*) FROM pg_extension WHERE extname = 'btree_gist'"))
                .containsExactly("0");
    }

    @Test
    void migrationNoneDoesNotCheckTheSchema() throws SQLException {
        demo(MigrationMode.APPLY).build().close();
        exec(db.directDataSource(), "ALTER TABLE portal.demo_items DROP CONSTRAINT demo_items_code_key");
        try (Portal portal = demo(MigrationMode.NONE).build()) {
            DemoService service = portal.service(DemoService.class);
            service.create("same", 1, CallContext.system("t"));
            service.create("same", 1, CallContext.system("t")); // the host owns the schema, and its hole
        }
        assertThat(query(db.dataSource(), "SELECT count(*) FROM portal.demo_items WHERE code = 'same'")).containsExactly("2");
    }

    @Test
    void repairingAsTheMessageSaysLetsBuildPassAgain() throws SQLException {
        demo(MigrationMode.APPLY).build().close();
        exec(db.directDataSource(), "DROP EXTENSION btree_gist CASCADE");
        assertThatThrownBy(() -> demo(MigrationMode.VALIDATE).build()).hasMessageContaining("PK-1005");
        exec(db.directDataSource(), "CREATE EXTENSION btree_gist WITH SCHEMA portal",
                "ALTER TABLE portal.demo_slots ADD CONSTRAINT demo_slots_no_overlap"
                        + " EXCLUDE USING gist (item_id WITH =, during WITH &&)");
        demo(MigrationMode.VALIDATE).build().close();
        demo(MigrationMode.APPLY).build().close();
    }

    @Test
    void aDisabledTriggerIsNamedWithTheStatementThatEnablesIt() throws SQLException {
        builder().build().close();
        exec(db.directDataSource(), "ALTER TABLE portal.activity_logs DISABLE TRIGGER activity_logs_append_only");
        assertThatThrownBy(() -> builder().migration(MigrationMode.VALIDATE).build())
                .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.SCHEMA_INCOMPLETE))
                .hasMessageContaining("trigger activity_logs_append_only on portal.activity_logs (module core) is disabled:"
                        + " ALTER TABLE portal.activity_logs ENABLE TRIGGER activity_logs_append_only");
    }

    @Test
    void theCheckReadsTheConfiguredSchemaOnly() throws SQLException {
        demo(MigrationMode.APPLY).build().close();
        demo(MigrationMode.APPLY).schema("tenant_b").build().close();
        exec(db.directDataSource(), "DROP INDEX tenant_b.demo_notes_item_idx");
        assertThatThrownBy(() -> demo(MigrationMode.VALIDATE).schema("tenant_b").build())
                .hasMessageStartingWith("[PK-1005] Schema tenant_b lacks 1 object(s)")
                .hasMessageContaining("index demo_notes_item_idx on tenant_b.demo_notes (module demoaddon)")
                .hasMessageContaining("pg_dump -n tenant_b -e btree_gist");
        demo(MigrationMode.VALIDATE).build().close(); // schema portal is whole
    }

    @Test
    void aModuleInstalledLaterIsCheckedOnlyOnceItIsInstalled() throws SQLException {
        builder().install(new DemoModule()).build().close();
        exec(db.directDataSource(), "ALTER TABLE portal.demo_items DROP CONSTRAINT demo_items_code_key");
        builder().build().close(); // core alone: the demo module's objects are not its business
        assertThatThrownBy(() -> builder().install(new DemoModule()).build())
                .hasMessageContaining("constraint demo_items_code_key on portal.demo_items (module demo)");
    }
}
