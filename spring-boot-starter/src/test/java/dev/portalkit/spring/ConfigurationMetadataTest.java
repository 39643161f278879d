package dev.portalkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * META-INF/spring-configuration-metadata.json, as the configuration processor generated it into the jar:
 * every property a host can set, with its description and PortalKit's default, so that an IDE completes them.
 */
class ConfigurationMetadataTest {

    static Map<String, JsonNode> properties() throws Exception {
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata on the classpath").isNotNull();
            Map<String, JsonNode> byName = new HashMap<>();
            new ObjectMapper().readTree(in).get("properties").forEach(p -> byName.put(p.get("name").asText(), p));
            return byName;
        }
    }

    @Test
    void everyPropertyIsDescribedWithItsDefault() throws Exception {
        Map<String, JsonNode> p = properties();
        Map<String, String> defaults = Map.ofEntries(
                Map.entry("portalkit.schema", "portal"),
                Map.entry("portalkit.migration", "apply"),
                Map.entry("portalkit.join-spring-transactions", "true"),
                Map.entry("portalkit.statement-timeout", "30s"),
                Map.entry("portalkit.require-least-privilege", "false"),
                Map.entry("portalkit.datasource.minimum-idle", "2"),
                Map.entry("portalkit.datasource.maximum-pool-size", "10"),
                Map.entry("portalkit.datasource.connection-timeout", "10s"),
                Map.entry("portalkit.audit.background-sealing", "true"),
                Map.entry("portalkit.audit.seal-interval", "500ms"),
                Map.entry("portalkit.auth.bcrypt-cost", "12"),
                Map.entry("portalkit.auth.lockout-threshold", "5"),
                Map.entry("portalkit.auth.idle-timeout", "30m"),
                Map.entry("portalkit.auth.absolute-timeout", "12h"),
                Map.entry("portalkit.auth.remember-me-absolute-timeout", "30d"),
                Map.entry("portalkit.auth.reset-token-ttl", "30m"),
                Map.entry("portalkit.auth.login-challenge-ttl", "5m"),
                Map.entry("portalkit.auth.email-change-token-ttl", "24h"),
                Map.entry("portalkit.auth.totp.issuer", "PortalKit"),
                Map.entry("portalkit.messaging.domain-rate-limit", "0"),
                Map.entry("portalkit.jobs.booking-reminders.enabled", "true"),
                Map.entry("portalkit.jobs.booking-reminders.interval", "1m"),
                Map.entry("portalkit.jobs.booking-reminders.batch-size", "50"),
                Map.entry("portalkit.jobs.publish-due.enabled", "true"),
                Map.entry("portalkit.jobs.publish-due.interval", "1m"),
                Map.entry("portalkit.billing.after-retries", "unpaid"),
                Map.entry("portalkit.billing.renewal-lease", "5m"),
                Map.entry("portalkit.billing.stale-after", "10m"),
                Map.entry("portalkit.billing.booking-horizon", "60d"),
                Map.entry("portalkit.billing.default-billing-zone", "Z"),
                Map.entry("portalkit.content.rate-limit.max-submissions", "5"),
                Map.entry("portalkit.content.rate-limit.window", "10m"),
                Map.entry("portalkit.content.max-message-length", "5000"),
                Map.entry("portalkit.content.max-steps-per-card", "200"),
                Map.entry("portalkit.messaging.default-locale", "en"),
                Map.entry("portalkit.messaging.max-attempts", "5"),
                Map.entry("portalkit.messaging.lease", "5m"),
                Map.entry("portalkit.messaging.retain-bodies", "false"),
                Map.entry("portalkit.messaging.smtp.security", "starttls"),
                Map.entry("portalkit.messaging.smtp.read-timeout", "30s"),
                Map.entry("portalkit.jobs.enabled", "true"),
                Map.entry("portalkit.jobs.email-delivery.enabled", "true"),
                Map.entry("portalkit.jobs.email-delivery.interval", "10s"),
                Map.entry("portalkit.jobs.email-delivery.batch-size", "50"),
                Map.entry("portalkit.jobs.renewals.interval", "1m"),
                Map.entry("portalkit.jobs.reconciliation.interval", "5m"),
                Map.entry("portalkit.jobs.audit-sealing.enabled", "false"),
                Map.entry("portalkit.jobs.audit-sealing.interval", "1s"),
                Map.entry("portalkit.jobs.partitions.enabled", "true"),
                Map.entry("portalkit.jobs.partitions.interval", "1d"),
                Map.entry("portalkit.health.outbox-max-age", "15m"),
                Map.entry("portalkit.health.cache-for", "10s"));
        defaults.forEach((name, value) -> {
            assertThat(p).as(name).containsKey(name);
            assertThat(p.get(name).get("defaultValue").asText()).as(name).isEqualTo(value);
        });
        assertThat(p.get("portalkit.billing.retry-schedule").get("defaultValue").toString())
                .isEqualTo("[\"1d\",\"3d\",\"5d\",\"7d\"]");
        assertThat(p.get("portalkit.billing.reminder-offsets").get("defaultValue").toString())
                .isEqualTo("[\"24h\",\"1h\"]");
        for (String withoutDefault : new String[] {"portalkit.modules", "portalkit.datasource.url",
                "portalkit.datasource.password", "portalkit.migration-datasource.url", "portalkit.audit.keys",
                "portalkit.auth.hashing-concurrency", "portalkit.billing.grace-period", "portalkit.content.rate-limits",
                "portalkit.messaging.from", "portalkit.messaging.smtp.host", "portalkit.messaging.smtp.password",
                "portalkit.messaging.smtp.properties", "portalkit.auth.totp.keys",
                "portalkit.messaging.domain-rate-limits", "portalkit.messaging.unsubscribe.url",
                "portalkit.messaging.unsubscribe.key", "portalkit.messaging.unsubscribe.mailto"}) {
            assertThat(p).as(withoutDefault).containsKey(withoutDefault);
        }
        p.values().stream().filter(n -> n.get("name").asText().startsWith("portalkit."))
                .forEach(n -> assertThat(n.path("description").asText()).as(n.get("name").asText()).isNotBlank());
    }

    @Test
    void theAutoConfigurationIsRegistered() throws Exception {
        try (InputStream in = getClass().getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            assertThat(new String(in.readAllBytes())).contains(PortalKitAutoConfiguration.class.getName());
        }
    }
}
