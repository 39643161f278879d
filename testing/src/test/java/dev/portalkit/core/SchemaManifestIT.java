package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.portalkit.core.internal.CoreModule;
import dev.portalkit.core.internal.SchemaManifest;
import dev.portalkit.demo.DemoModule;
import dev.portalkit.demoaddon.DemoAddonModule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Core's manifest (and the demo modules') says exactly what a fresh migration creates. When a
 * migration changes, regenerate the manifests with
 * {@code mvn -B verify -pl testing -am -Dtest=SchemaManifestIT -Dsurefire.failIfNoSpecifiedTests=false -Dportalkit.writeManifests=true}
 * and commit them.
 */
class SchemaManifestIT extends EmptyDatabaseTest {

    static final String REGENERATE = "mvn -B verify -pl testing -am -Dtest=SchemaManifestIT"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dportalkit.writeManifests=true";

    @Test
    void coreAndTheDemoModulesManifestsMatchWhatAFreshMigrationCreates() {
        List<PortalModule> ordered = List.of(new CoreModule(), new DemoModule(), new DemoAddonModule());
        Map<PortalModule, List<SchemaManifest.Entry>> generated =
                SchemaManifest.generate(db.directDataSource(), "portal", ordered);
        Map<String, Path> sources = Map.of(
                "core", Path.of("..", "core", "src", "main", "resources"),
                "demo", Path.of("src", "test", "resources"),
                "demoaddon", Path.of("src", "test", "resources"));
        String report = SchemaManifest.compareOrWrite(generated, sources, Boolean.getBoolean("portalkit.writeManifests"), REGENERATE);
        if (!report.isEmpty()) {
            fail(report);
        }
        // The manifests are not empty by accident: the objects the check exists for are listed.
        assertThat(generated.get(ordered.get(0))).extracting(SchemaManifest.Entry::line)
                .contains("constraint nav_items.nav_items_parent_position_key", "trigger activity_logs.activity_logs_append_only");
        assertThat(generated.get(ordered.get(2))).extracting(SchemaManifest.Entry::line)
                .contains("extension btree_gist", "constraint demo_slots.demo_slots_no_overlap needs btree_gist");
    }
}
