package dev.portalkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.EmailTakenException;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;

/** The application's MeterRegistry reaches the Portal: PortalKit's meters, and the owned pool's. */
class MetricsIT {

    @Test
    void serviceCallsAreTimedByServiceMethodAndOutcome() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Runners.onTestDatabase("metrics_it").withBean(MeterRegistry.class, () -> registry).run(context -> {
            UserService users = context.getBean(UserService.class);
            users.register(NewUser.member("metrics@example.com", "correct horse battery", "M"), HostOrders.CONTEXT);
            assertThatThrownBy(() -> users.register(NewUser.member("metrics@example.com", "correct horse battery", "M"),
                    HostOrders.CONTEXT)).isInstanceOf(EmailTakenException.class);
            context.getBean(AuthService.class).login("metrics@example.com", "correct horse battery", false, HostOrders.CONTEXT);

            assertThat(registry.find("portalkit.calls").tags("service", "UserService", "method", "register",
                    "outcome", "ok", "error", "none").timer()).isNotNull().extracting(t -> t.count()).isEqualTo(1L);
            assertThat(registry.find("portalkit.calls").tags("service", "UserService", "method", "register",
                    "outcome", "error", "error", "PK-2000").timer()).isNotNull().extracting(t -> t.count()).isEqualTo(1L);
            assertThat(registry.find("portalkit.auth.logins").counters()).isNotEmpty();
            assertThat(registry.find("portalkit.messaging.outbox.waiting").gauge()).isNotNull();
            // The application's pool is Boot's to measure, not PortalKit's.
            assertThat(registry.find("hikaricp.connections").tag("pool", "portalkit").gauge()).isNull();
        });
    }

    @Test
    void anOwnedPoolPublishesHikarisMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TestDatabase db = SpringTestDatabase.DB;
        Runners.onTestDatabase("metrics_owned_it").withBean(MeterRegistry.class, () -> registry)
                .withPropertyValues("portalkit.datasource.url=" + db.jdbcUrl(),
                        "portalkit.datasource.username=" + db.username(),
                        "portalkit.datasource.password=" + (db.password() == null ? "" : db.password()),
                        "portalkit.datasource.maximum-pool-size=3", "portalkit.datasource.minimum-idle=0")
                .run(context -> {
                    Portal portal = context.getBean(Portal.class);
                    assertThat(portal.config().jdbcUrl()).isEqualTo(db.jdbcUrl());
                    assertThat(portal.config().maximumPoolSize()).isEqualTo(3);
                    assertThat(portal.config().hostTransactions()).isNull(); // its own pool: never joined
                    context.getBean(UserService.class).findByEmail("nobody@example.com");
                    assertThat(registry.find("hikaricp.connections").tag("pool", "portalkit").gauge()).isNotNull();
                    assertThat(registry.find("portalkit.calls").tags("method", "findByEmail").timer()).isNotNull();
                });
    }

    @Test
    void bootsMetricsAutoConfigurationGivesItsRegistry() {
        Runners.onTestDatabase("metrics_boot_it")
                .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .run(context -> {
                    context.getBean(UserService.class).findByEmail("nobody@example.com");
                    assertThat(context.getBean(MeterRegistry.class).find("portalkit.calls").tags("service", "UserService")
                            .timer()).isNotNull();
                });
    }
}
