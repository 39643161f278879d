package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.PortalExtension;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The meter names core/README.md promises, in a registry given to the builder. */
class PortalMetricsIT {

    static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();
    static final CallContext CTX = CallContext.system("metrics-test");

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder().configure(b -> b.meterRegistry(REGISTRY)).build();

    @Test
    void everyServiceCallIsTimedByServiceMethodAndOutcome() {
        NavigationService nav = kit.portal().service(NavigationService.class);
        NavItem item = nav.create(null, null, NavItemInput.link("Timed", "/t"), CTX);
        assertThatThrownBy(() -> nav.create(UUID.randomUUID(), null, NavItemInput.link("x", "/x"), CTX))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> nav.create(null, null, null, CTX)).isInstanceOf(ValidationException.class);
        nav.delete(item.id(), CTX);

        Timer ok = REGISTRY.find("portalkit.calls").tags("service", "NavigationService", "method", "create",
                "outcome", "ok", "error", "none").timer();
        assertThat(ok).isNotNull();
        assertThat(ok.count()).isEqualTo(1);
        Timer notFound = REGISTRY.find("portalkit.calls").tags("service", "NavigationService", "method", "create",
                "outcome", "error", "error", CoreError.NOT_FOUND.id()).timer();
        assertThat(notFound).isNotNull();
        assertThat(notFound.count()).isEqualTo(1);
        assertThat(REGISTRY.find("portalkit.calls").tags("error", CoreError.VALIDATION_FAILED.id()).timer()).isNotNull();
        assertThat(REGISTRY.find("portalkit.calls").tags("method", "delete").timer().count()).isEqualTo(1);
    }

    @Test
    void theOwnedPoolReportsHikarisMeters() {
        assertThat(kit.portal().config().ownsPool()).as("the kit's Portal owns its pool").isTrue();
        assertThat(REGISTRY.find("hikaricp.connections").tag("pool", "portalkit").gauge()).isNotNull();
    }
}
