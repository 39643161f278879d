package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.content.ContentModule;
import dev.portalkit.core.PortalModule;
import dev.portalkit.core.internal.CoreModule;
import dev.portalkit.core.internal.SchemaManifest;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every module's schema manifest (what build() checks is present, see SchemaManifest) says exactly
 * what a fresh migration of that module creates: constraints, indexes, triggers and the extensions
 * they need. When a migration changes, regenerate the manifests with {@link #REGENERATE}, review the
 * diff and commit it. Core's and the test kit's demo modules are checked in portalkit-testing.
 */
class SchemaManifestIT {

    static final String REGENERATE = "mvn -B verify -pl resilience -am -Dtest=SchemaManifestIT"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dportalkit.writeManifests=true";

    @Test
    void everyModulesManifestMatchesWhatAFreshMigrationCreates() {
        List<PortalModule> ordered = List.of(new CoreModule(), new AuthModule(), new BillingModule(),
                new ContentModule(), new MessagingModule(), AllModules.stripe());
        TestDatabase db = TestDatabases.empty();
        try {
            Map<PortalModule, List<SchemaManifest.Entry>> generated =
                    SchemaManifest.generate(db.directDataSource(), "portal", ordered);
            Map<String, Path> sources = ordered.stream().skip(1).collect(Collectors.toMap(PortalModule::name,
                    m -> Path.of("..", m.name(), "src", "main", "resources")));
            String report = SchemaManifest.compareOrWrite(generated, sources,
                    Boolean.getBoolean("portalkit.writeManifests"), REGENERATE);
            if (!report.isEmpty()) {
                fail(report);
            }
            Map<String, List<String>> lines = generated.entrySet().stream().collect(Collectors.toMap(
                    e -> e.getKey().name(), e -> e.getValue().stream().map(SchemaManifest.Entry::line).toList()));
            // The object issue #14 lost in a schema-only restore is listed, with the extension it needs.
            assertThat(lines.get("billing")).contains("extension btree_gist",
                    "constraint bookings.bookings_no_overlap needs btree_gist");
            assertThat(lines.keySet()).containsExactlyInAnyOrder("core", "auth", "billing", "content", "messaging", "stripe");
            assertThat(lines.values()).allSatisfy(l -> assertThat(l).isNotEmpty());
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }
}
