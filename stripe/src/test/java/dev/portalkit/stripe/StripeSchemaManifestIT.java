package dev.portalkit.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.billing.BillingModule;
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
 * The stripe module's manifest (what build() checks is present) says exactly what a fresh migration creates. When a
 * migration changes, regenerate it with {@link #REGENERATE}, review the diff and commit it.
 */
class StripeSchemaManifestIT {

    static final String REGENERATE = "mvn -B verify -pl stripe -am -Dtest=StripeSchemaManifestIT"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dportalkit.writeManifests=true";

    @Test
    void theManifestMatchesWhatAFreshMigrationCreates() {
        StripeModule stripe = new StripeModule(new StripeGateway(StripeOptions.builder()
                .secretKey("sk_" + "test_manifest").webhookSecret("whsec_" + "manifest")
                .customers(u -> java.util.Optional.empty()).build()));
        List<PortalModule> ordered = List.of(new CoreModule(), new AuthModule(), new BillingModule(), stripe);
        TestDatabase db = TestDatabases.empty();
        try {
            Map<PortalModule, List<SchemaManifest.Entry>> all = SchemaManifest.generate(db.directDataSource(), "portal", ordered);
            Map<PortalModule, List<SchemaManifest.Entry>> generated = Map.of(stripe, all.get(stripe));
            String report = SchemaManifest.compareOrWrite(generated, Map.of("stripe", Path.of("src", "main", "resources")),
                    Boolean.getBoolean("portalkit.writeManifests"), REGENERATE);
            if (!report.isEmpty()) {
                fail(report);
            }
            assertThat(all.get(stripe)).extracting(SchemaManifest.Entry::line)
                    .contains("constraint stripe_webhook_events.stripe_webhook_events_event_id_key");
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }
}
