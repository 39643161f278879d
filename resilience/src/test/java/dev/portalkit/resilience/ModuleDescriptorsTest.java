package dev.portalkit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.AuthModule;
import dev.portalkit.billing.BillingModule;
import dev.portalkit.content.ContentModule;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalConfigurationException;
import dev.portalkit.core.PortalModule;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.stripe.StripeModule;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Each module descriptor keeps the conventions core names modules and finds migrations by: its
 * migrations under its package path (what {@link PortalModule#migrationLocation()} assumes unless
 * overridden), its public {@code MIGRATIONS} constant saying the same, and the artifact portalkit-{name}.
 */
class ModuleDescriptorsTest {

    @Test
    void eachModulesMigrationsLieUnderItsPackageAsItsConstantSays() {
        Map<PortalModule, String> constants = Map.of(
                AllModules.stripe(), StripeModule.MIGRATIONS,
                new AuthModule(), AuthModule.MIGRATIONS,
                new BillingModule(), BillingModule.MIGRATIONS,
                new ContentModule(), ContentModule.MIGRATIONS,
                new MessagingModule(), MessagingModule.MIGRATIONS);
        constants.forEach((module, constant) -> {
            String location = "classpath:dev/portalkit/" + module.name() + "/db/migration";
            assertThat(module.migrationLocation()).as(module.name()).isEqualTo(constant).isEqualTo(location);
            assertThat(module.getClass().getPackageName()).isEqualTo("dev.portalkit." + module.name());
            assertThat(module.getClass().getClassLoader().getResource(location.substring("classpath:".length())))
                    .as(location + " on the class path").isNotNull();
            assertThat(module.artifactId()).isEqualTo("portalkit-" + module.name());
        });
        assertThat(Portal.CORE_MIGRATIONS).isEqualTo("classpath:dev/portalkit/core/db/migration");
    }

    @Test
    void aModuleWithoutOptionsIsAConfigurationErrorNamingTheDefaults() {
        Map<String, ThrowingCallable> nulls = Map.of(
                "AuthModule needs options (was null): use AuthOptions.defaults()", () -> new AuthModule(null),
                "BillingModule needs options (was null): use BillingOptions.defaults()", () -> new BillingModule(null),
                "ContentModule needs options (was null): use ContentOptions.defaults()", () -> new ContentModule(null),
                "MessagingModule needs options (was null): use MessagingOptions.defaults()", () -> new MessagingModule(null),
                "StripeModule needs the StripeGateway (was null): new StripeGateway(options)", () -> new StripeModule(null));
        nulls.forEach((problem, construct) -> assertThatThrownBy(construct)
                .isInstanceOfSatisfying(PortalConfigurationException.class, e -> {
                    assertThat(e.code()).isEqualTo(CoreError.INVALID_CONFIGURATION);
                    assertThat(e.problems()).containsExactly(problem);
                }));
    }
}
