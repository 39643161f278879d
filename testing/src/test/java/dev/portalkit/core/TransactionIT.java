package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.PortalExtension;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TransactionIT {

    static final Setting<String> BANNER = Setting.string("site.banner", "none");

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder().configure(b -> b.settings(BANNER)).build();

    static final CallContext CTX = CallContext.of(UUID.randomUUID(), "127.0.0.1", "tx-test");

    Portal portal;
    SettingsService settings;
    NavigationService nav;

    @BeforeEach
    void services() {
        portal = kit.portal();
        settings = portal.service(SettingsService.class);
        nav = portal.service(NavigationService.class);
    }

    private long auditRows() {
        return kit.portal().service(ActivityLog.class)
                .find(ActivityQuery.byActor(CTX.actorId()), PageRequest.first(500)).items().size();
    }

    @Test
    void inTransactionRollsBackTheCallsOfTwoServicesAndTheirAuditRows() {
        long auditBefore = auditRows();

        IllegalStateException hostFailure = new IllegalStateException("host changed its mind");
        assertThatThrownBy(() -> portal.inTransaction(() -> {
            settings.set(BANNER, "Sale!", CTX);
            nav.create(null, null, NavItemInput.link("Sale", "/sale"), CTX);
            throw hostFailure;
        })).isSameAs(hostFailure);

        assertThat(settings.get(BANNER)).isEqualTo("none");
        assertThat(nav.fullTree()).isEmpty();
        assertThat(auditRows()).isEqualTo(auditBefore);
    }

    @Test
    void inTransactionCommitsTheCallsOfTwoServicesTogether() {
        long auditBefore = auditRows();
        NavItem item = portal.inTransaction(() -> {
            settings.set(BANNER, "Welcome", CTX);
            return nav.create(null, null, NavItemInput.link("Welcome", "/welcome"), CTX);
        });
        assertThat(settings.get(BANNER)).isEqualTo("Welcome");
        assertThat(nav.tree(Set.of())).extracting(n -> n.item().id()).contains(item.id());
        assertThat(auditRows()).isEqualTo(auditBefore + 2);
        nav.delete(item.id(), CTX);
        settings.reset(BANNER, CTX);
    }

    @Test
    void aFailureCaughtInsideTheTransactionStillRollsItBack() {
        assertThatThrownBy(() -> portal.inTransaction(() -> {
            settings.set(BANNER, "half", CTX);
            try {
                nav.create(UUID.randomUUID(), null, NavItemInput.link("Orphan", "/o"), CTX);
            } catch (NotFoundException swallowed) {
                // a host that ignores a failure must not commit half of its work
            }
        })).isInstanceOf(PortalException.class)
                .satisfies(e -> assertThat(((PortalException) e).code()).isEqualTo(CoreError.TRANSACTION_ROLLED_BACK))
                .hasMessageContaining("Navigation item");
        assertThat(settings.get(BANNER)).isEqualTo("none");
    }

    @Test
    void aClosedPortalRefusesCalls() {
        Portal own = Portal.builder().dataSource(kit.database().dataSource()).migration(MigrationMode.NONE).build();
        NavigationService nav = own.service(NavigationService.class);
        own.close();
        assertThatThrownBy(nav::fullTree).isInstanceOf(PortalException.class).hasMessageContaining("closed");
    }
}
