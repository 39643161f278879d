package dev.portalkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailTemplateService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code portalkit} health component: UP on a complete schema, DOWN (with the problem) when an object
 * a migration creates is gone, DEGRADED when a due e-mail waits longer than portalkit.health.outbox-max-age.
 */
class HealthIT {

    static ApplicationContextRunner runner(String schema) {
        return Runners.onTestDatabase(schema)
                .withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class,
                        HealthContributorRegistryAutoConfiguration.class))
                .withPropertyValues("portalkit.health.cache-for=0s");
    }

    @Test
    void upOnACompleteSchemaAndRegisteredAsPortalkit() {
        runner("health_up_it").run(context -> {
            PortalKitHealthIndicator indicator = context.getBean(PortalKitHealthIndicator.class);
            assertThat(context.getBean(HealthContributorRegistry.class).getContributor("portalkit")).isSameAs(indicator);
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("schema", "health_up_it").containsEntry("databaseReachable", true)
                    .containsEntry("outboxWaiting", 0L).doesNotContainKey("problems");
        });
    }

    @Test
    void downWhenAnObjectAMigrationCreatedIsGone() {
        runner("health_down_it").run(context -> {
            assertThat(context.getBean(PortalKitHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
            new JdbcTemplate(SpringTestDatabase.owner()).execute("DROP INDEX health_down_it.email_logs_created_idx");
            Health health = context.getBean(PortalKitHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("problems")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.LIST).anySatisfy(p ->
                    assertThat(p.toString()).contains("email_logs_created_idx"));
        });
    }

    @Test
    void anAnswerIsReusedForCacheFor() {
        runner("health_cache_it").withPropertyValues("portalkit.health.cache-for=1h").run(context -> {
            PortalKitHealthIndicator indicator = context.getBean(PortalKitHealthIndicator.class);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            new JdbcTemplate(SpringTestDatabase.owner()).execute("DROP INDEX health_cache_it.email_logs_created_idx");
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void degradedWhenADueEmailWaitsTooLong() {
        runner("health_outbox_it").run(context -> {
            JobsIT.template(context.getBean(EmailTemplateService.class));
            context.getBean(EmailService.class).queue("welcome", null, "late@example.com", Map.of("name", "L"), null,
                    HostOrders.CONTEXT);
            PortalKitHealthIndicator indicator = context.getBean(PortalKitHealthIndicator.class);
            // Due just now: waiting, but not late.
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            new JdbcTemplate(SpringTestDatabase.owner()).update(
                    "UPDATE health_outbox_it.email_logs SET due_at = now() - interval '1 hour' WHERE to_address = ?",
                    "late@example.com");
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(PortalKitHealthIndicator.DEGRADED);
            assertThat(health.getDetails()).containsEntry("outboxWaiting", 1L).containsEntry("outboxMaxAge", "PT15M");
            assertThat(Duration.parse((String) health.getDetails().get("outboxOldestAge"))).isGreaterThan(Duration.ofMinutes(59));
        });
    }

    @Test
    void withoutMessagingThereIsNoOutboxInTheAnswer() {
        runner("health_auth_it").withPropertyValues("portalkit.modules=auth").run(context -> {
            Health health = context.getBean(PortalKitHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).doesNotContainKey("outboxWaiting");
        });
    }

    @Test
    void offWithManagementHealthPortalkitEnabledFalse() {
        runner("health_up_it").withPropertyValues("management.health.portalkit.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PortalKitHealthIndicator.class));
    }

    @Test
    void theDegradedStatusIsOneOfItsOwn() {
        assertThat(List.of(Status.UP, Status.DOWN, Status.OUT_OF_SERVICE, Status.UNKNOWN))
                .doesNotContain(PortalKitHealthIndicator.DEGRADED);
    }
}
