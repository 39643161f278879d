package dev.portalkit.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.internal.CoreModule;
import dev.portalkit.core.internal.SchemaManifest;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Content's manifest (what build() checks is present) says exactly what a fresh migration creates. When a
 * migration changes, regenerate it with {@link #REGENERATE}, review the diff and commit it (resilience's
 * SchemaManifestIT checks every module's the same way).
 */
class ContentSchemaManifestIT {

    static final String REGENERATE = "mvn -B verify -pl content -am -Dtest=ContentSchemaManifestIT"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dportalkit.writeManifests=true";

    @Test
    void theManifestMatchesWhatAFreshMigrationCreates() {
        ContentModule content = new ContentModule();
        List<PortalModule> ordered = List.of(new CoreModule(), new AuthModule(), content);
        TestDatabase db = TestDatabases.empty();
        try {
            Map<PortalModule, List<SchemaManifest.Entry>> all = SchemaManifest.generate(db.directDataSource(), "portal", ordered);
            String report = SchemaManifest.compareOrWrite(Map.of(content, all.get(content)),
                    Map.of("content", Path.of("src", "main", "resources")), Boolean.getBoolean("portalkit.writeManifests"),
                    REGENERATE);
            if (!report.isEmpty()) {
                fail(report);
            }
            assertThat(all.get(content)).extracting(SchemaManifest.Entry::line).contains(
                    "constraint resource_card_versions.resource_card_versions_number_key",
                    "constraint resource_cards.resource_cards_schedule_order");
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }
}
