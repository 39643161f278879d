package dev.portalkit.spring;

import dev.portalkit.content.ContentModule;
import dev.portalkit.content.ContentOptions;
import dev.portalkit.content.FormService;
import dev.portalkit.content.ResourceService;
import dev.portalkit.content.TimelineService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * portalkit-content: the module (from {@code portalkit.content.*}, or the host's ContentModule bean), its
 * services, and the scheduled-publishing job.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "dev.portalkit.content.ContentModule")
@ConditionalOnPortalModule("content")
class ContentConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ContentModule portalkitContentModule(PortalKitProperties properties) {
        ContentProperties p = properties.getContent();
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

    /** Scheduled cards: published and unpublished in the table, audited, by the Portal's clock. */
    @Bean
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.enabled", matchIfMissing = true)
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.publish-due.enabled", matchIfMissing = true)
    PortalKitJob portalkitPublishDueJob(Portal portal, PortalKitProperties properties) {
        ResourceService resources = portal.service(ResourceService.class);
        CallContext context = CallContext.system("portalkit-publish-due");
        return new PortalKitJob("publish-due", properties.getJobs().getPublishDue().getInterval(),
                () -> resources.publishDue(context));
    }
}
