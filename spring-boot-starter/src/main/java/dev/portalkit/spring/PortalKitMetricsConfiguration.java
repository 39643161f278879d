package dev.portalkit.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives the Portal the application's MeterRegistry (the @Primary composite under Spring Boot's metrics):
 * core and the modules then record {@code portalkit.*} meters, and an owned pool its {@code hikaricp.*}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
class PortalKitMetricsConfiguration {

    @Bean
    PortalCustomizer portalkitMeterRegistryCustomizer(ObjectProvider<MeterRegistry> registry) {
        return builder -> {
            MeterRegistry r = registry.getIfUnique();
            if (r != null) {
                builder.meterRegistry(r);
            }
        };
    }
}
