package dev.portalkit.spring;

import dev.portalkit.core.Portal;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code portalkit} health indicator, with spring-boot-health on the classpath (the actuator brings
 * it); {@code management.health.portalkit.enabled=false} turns it off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnEnabledHealthIndicator("portalkit")
class PortalKitHealthConfiguration {

    @Bean
    PortalKitHealthIndicator portalkitHealthIndicator(Portal portal, PortalKitProperties properties,
                                                      ObjectProvider<OutboxProbe> outbox) {
        OutboxProbe probe = outbox.getIfAvailable();
        return new PortalKitHealthIndicator(portal, probe == null ? null : probe::outbox,
                properties.getHealth().getOutboxMaxAge(), properties.getHealth().getCacheFor());
    }
}
