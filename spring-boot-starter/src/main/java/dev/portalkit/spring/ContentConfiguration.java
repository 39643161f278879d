package dev.portalkit.spring;

import dev.portalkit.content.ContentModule;
import dev.portalkit.content.ContentOptions;
import dev.portalkit.content.FormService;
import dev.portalkit.content.ResourceService;
import dev.portalkit.content.TimelineService;
import dev.portalkit.core.Portal;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** portalkit-content: the module (from {@code portalkit.content.*}, or the host's ContentModule bean) and its services. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "dev.portalkit.content.ContentModule")
@ConditionalOnPortalModule("content")
class ContentConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ContentModule portalkitContentModule(PortalKitProperties properties) {
        PortalKitProperties.Content p = properties.getContent();
        ContentOptions.Builder b = ContentOptions.builder()
                .rateLimit(p.getRateLimit().getMaxSubmissions(), p.getRateLimit().getWindow())
                .maxMessageLength(p.getMaxMessageLength())
                .maxStepsPerCard(p.getMaxStepsPerCard());
        if (p.getRateLimits() != null) {
            p.getRateLimits().forEach((form, limit) -> b.rateLimit(form, limit.getMaxSubmissions(), limit.getWindow()));
        }
        return new ContentModule(b.build());
    }

    @Bean
    @ConditionalOnMissingBean
    ResourceService resourceService(Portal portal) {
        return portal.service(ResourceService.class);
    }

    @Bean
    @ConditionalOnMissingBean
    TimelineService timelineService(Portal portal) {
        return portal.service(TimelineService.class);
    }

    @Bean
    @ConditionalOnMissingBean
    FormService formService(Portal portal) {
        return portal.service(FormService.class);
    }
}
