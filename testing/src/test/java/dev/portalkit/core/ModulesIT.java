package dev.portalkit.core;

import static dev.portalkit.core.MigrationIT.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.demo.DemoItem;
import dev.portalkit.demo.DemoModule;
import dev.portalkit.demo.DemoService;
import dev.portalkit.demoaddon.DemoAddonModule;
import dev.portalkit.demoaddon.DemoAddonService;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ModulesIT extends EmptyDatabaseTest {

    @Test
    void modulesAreMigratedInDependencyOrderEachWithItsOwnHistoryTable() throws SQLException {
        // Installed in the "wrong" order: the addon's V1 references the demo module's table.
        try (Portal portal = builder().install(new DemoAddonModule(), new DemoModule()).build()) {
            assertThat(MigrationIT.tables(portal.dataSource(), "portal")).contains(
                    "portalkit_core_history", "portalkit_demo_history", "portalkit_demoaddon_history",
                    "demo_items", "demo_notes");
            assertThat(query(portal.dataSource(), "SELECT count(*) FROM portal.portalkit_demo_history WHERE version = '1'"))
                    .containsExactly("1");
        }
    }

    @Test
    void aModuleAddedLaterIsMigratedWithoutTouchingTheOthers() throws SQLException {
        builder().build().close();
        try (Portal portal = builder().install(new DemoModule()).build()) {
            assertThat(portal.service(DemoService.class).create("a", 1, CallContext.system("t")).code()).isEqualTo("a");
        }
        assertThat(query(db.dataSource(), "SELECT count(*) FROM portal.portalkit_core_history WHERE version = '1'"))
                .containsExactly("1");
    }

    @Test
    void aServiceWhoseModuleIsNotInstalledNamesTheArtifactAndTheInstallCall() {
        try (Portal portal = builder().build()) {
            assertThatThrownBy(() -> portal.service(DemoService.class))
                    .isInstanceOf(PortalException.class)
                    .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.MODULE_NOT_INSTALLED))
                    .hasMessageContaining("DemoService is not available")
                    .hasMessageContaining("dev.portalkit:portalkit-demo")
                    .hasMessageContaining(".install(new DemoModule())");
        }
        try (Portal portal = builder().install(new DemoModule(), new DemoAddonModule()).build()) {
            assertThatThrownBy(() -> portal.service(DemoAddonService.class))
                    .hasMessageContaining("module demoaddon (portalkit-demoaddon) is installed but provides no DemoAddonService");
        }
    }

    @Test
    void aModuleWithoutTheModuleItNeedsFailsAtBuildNamingIt() {
        assertThatThrownBy(() -> builder().install(new DemoAddonModule()).build())
                .isInstanceOf(PortalConfigurationException.class)
                .hasMessageContaining("DemoAddonModule needs DemoModule")
                .hasMessageContaining("dev.portalkit:portalkit-demo")
                .hasMessageContaining(".install(new DemoModule(), ...)");
    }

    @Test
    void postgresEnumsAndTextArraysMapToJavaEnumsAndLists() {
        try (Portal portal = builder().install(new DemoModule()).build()) {
            DemoService demo = portal.service(DemoService.class);
            DemoItem green = demo.createColored("g", DemoItem.Color.GREEN, java.util.List.of("a", "b,c", "ü \"q\""));
            demo.createColored("b", DemoItem.Color.BLUE, java.util.List.of());
            assertThat(green.color()).isEqualTo(DemoItem.Color.GREEN);
            assertThat(green.tags()).containsExactly("a", "b,c", "ü \"q\"");
            assertThat(demo.byColor(DemoItem.Color.GREEN)).extracting(DemoItem::code).containsExactly("g");
            assertThat(demo.byColor(DemoItem.Color.BLUE).get(0).tags()).isEmpty();
            assertThat(demo.byColor(DemoItem.Color.RED)).isEmpty();
            assertThat(green.createdAt()).isNotNull();
        }
    }

    @Test
    void aModulesConstraintTranslationAndActorSnapshotsApply() {
        try (Portal portal = builder().install(new DemoModule()).build()) {
            DemoService demo = portal.service(DemoService.class);
            UUID actor = UUID.randomUUID();
            demo.addPerson(actor, "ann@example.com", "ADMIN");
            DemoItem item = demo.create("code-1", 3, CallContext.of(actor, "::1", "test"));
            assertThatThrownBy(() -> demo.create("code-1", 1, CallContext.system("t")))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("That code is taken");
            ActivityEntry entry = portal.service(ActivityLog.class)
                    .find(ActivityQuery.byEntity("demo_item", item.id()), PageRequest.first(5)).items().get(0);
            assertThat(entry.actorEmail()).isEqualTo("ann@example.com");
            assertThat(entry.actorRole()).isEqualTo("ADMIN");
            assertThat(entry.ip()).isEqualTo("::1");
        }
    }
}
