package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
 * Auth's manifest (what build() checks is present) says exactly what a fresh migration creates. When a
 * migration changes, regenerate it with {@link #REGENERATE}, review the diff and commit it. (Resilience's
 * SchemaManifestIT checks every module's the same way.)
 */
class AuthSchemaManifestIT {

    static final String REGENERATE = "mvn -B verify -pl auth -am -Dtest=AuthSchemaManifestIT"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dportalkit.writeManifests=true";

    @Test
    void theManifestMatchesWhatAFreshMigrationCreates() {
        AuthModule auth = new AuthModule();
        List<PortalModule> ordered = List.of(new CoreModule(), auth);
        TestDatabase db = TestDatabases.empty();
        try {
            Map<PortalModule, List<SchemaManifest.Entry>> all = SchemaManifest.generate(db.directDataSource(), "portal", ordered);
            String report = SchemaManifest.compareOrWrite(Map.of(auth, all.get(auth)),
                    Map.of("auth", Path.of("src", "main", "resources")), Boolean.getBoolean("portalkit.writeManifests"),
                    REGENERATE);
            if (!report.isEmpty()) {
                fail(report);
            }
            assertThat(all.get(auth)).extracting(SchemaManifest.Entry::line).contains(
                    "constraint user_totp.user_totp_user_key", "constraint recovery_codes.recovery_codes_user_code_key",
                    "constraint login_challenges.login_challenges_token_hash_key",
                    "constraint email_change_tokens.email_change_tokens_token_hash_key");
        } finally {
            TestDatabases.server().dropDatabase(db.name());
        }
    }
}
