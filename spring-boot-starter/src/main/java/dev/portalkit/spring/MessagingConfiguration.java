package dev.portalkit.spring;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import dev.portalkit.core.spi.Problems;
import dev.portalkit.messaging.EmailLogRetention;
import dev.portalkit.messaging.EmailSender;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.MessageService;
import dev.portalkit.messaging.MessagingModule;
import dev.portalkit.messaging.MessagingOptions;
import dev.portalkit.messaging.OutboxStatus;
import dev.portalkit.messaging.SmtpEmailSender;
import dev.portalkit.messaging.SmtpSettings;
import dev.portalkit.messaging.SuppressionService;
import java.util.Base64;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * portalkit-messaging: the module (from {@code portalkit.messaging.*} with the host's EmailSender bean, or
 * an SmtpEmailSender from {@code portalkit.messaging.smtp.*}; or the host's own MessagingModule bean), its
 * services, and the e-mail delivery job.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "dev.portalkit.messaging.MessagingModule")
@ConditionalOnPortalModule("messaging")
class MessagingConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MessagingModule portalkitMessagingModule(PortalKitProperties properties, ObjectProvider<EmailSender> sender) {
        MessagingProperties p = properties.getMessaging();
        MessagingOptions.Builder b = MessagingOptions.builder()
                .from(p.getFrom())
                .messageIdDomain(p.getMessageIdDomain())
                .defaultLocale(p.getDefaultLocale())
                .maxAttempts(p.getMaxAttempts())
                .backoffBase(p.getBackoffBase())
                .backoffMax(p.getBackoffMax())
                .lease(p.getLease())
                .trackOpens(p.isTrackOpens())
                .trackClicks(p.isTrackClicks())
                .retainBodies(p.isRetainBodies())
                .domainRateLimit(p.getDomainRateLimit());
        if (p.getDomainRateLimits() != null) {
            p.getDomainRateLimits().forEach(b::domainRateLimit);
        }
        unsubscribe(p.getUnsubscribe(), b);
        EmailSender s = sender.getIfUnique();
        if (s == null && p.getSmtp().getHost() != null) {
            s = new SmtpEmailSender(smtp(p.getSmtp()));
        }
        b.sender(s);
        return new MessagingModule(b.build());
    }

    /** Only when url or key is set: unset, MessagingOptions has no unsubscribe links (its default). */
    private static void unsubscribe(MessagingProperties.Unsubscribe u, MessagingOptions.Builder b) {
        if (u.getUrl() != null || u.getKey() != null) {
            byte[] key = null;
            if (u.getKey() != null) {
                try {
                    key = Base64.getDecoder().decode(u.getKey().strip());
                } catch (IllegalArgumentException e) {
                    new Problems().check(false, "portalkit.messaging.unsubscribe.key is not Base64 (its value is not shown)")
                            .throwIfAny();
                }
            }
            b.unsubscribe(u.getUrl(), key); // MessagingOptions names a missing key or a bad URL, never the key
        }
        if (u.getMailto() != null) {
            b.unsubscribeMailto(u.getMailto());
        }
    }

    private static SmtpSettings smtp(MessagingProperties.Smtp p) {
        SmtpSettings.Builder b = SmtpSettings.builder()
                .host(p.getHost())
                .security(p.getSecurity() == null ? null : SmtpSettings.Security.valueOf(p.getSecurity().name()))
                .connectTimeout(p.getConnectTimeout())
                .readTimeout(p.getReadTimeout())
                .writeTimeout(p.getWriteTimeout())
                .heloName(p.getHeloName());
        if (p.getPort() != null) {
            b.port(p.getPort());
        }
        if (p.getUsername() != null || p.getPassword() != null) {
            b.credentials(p.getUsername(), p.getPassword());
        }
        if (p.getProperties() != null) {
            p.getProperties().forEach(b::property);
        }
        return b.build();
    }

    @Bean
    @ConditionalOnMissingBean
    EmailService emailService(Portal portal) {
        return portal.service(EmailService.class);
    }

    @Bean
    @ConditionalOnMissingBean
    EmailTemplateService emailTemplateService(Portal portal) {
        return portal.service(EmailTemplateService.class);
    }

    @Bean
    @ConditionalOnMissingBean
    MessageService messageService(Portal portal) {
        return portal.service(MessageService.class);
    }

    @Bean
    @ConditionalOnMissingBean
    EmailLogRetention emailLogRetention(Portal portal) {
        return portal.service(EmailLogRetention.class);
    }

    @Bean
    @ConditionalOnMissingBean
    SuppressionService suppressionService(Portal portal) {
        return portal.service(SuppressionService.class);
    }

    /** email_logs' months ahead, kept while the instance runs (the Portal makes them only at start). */
    @Bean
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.enabled", matchIfMissing = true)
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.partitions.enabled", matchIfMissing = true)
    PortalKitJob portalkitEmailLogPartitionsJob(Portal portal, PortalKitProperties properties) {
        EmailLogRetention retention = portal.service(EmailLogRetention.class);
        return new PortalKitJob("partitions.email_logs", properties.getJobs().getPartitions().getInterval(),
                () -> retention.ensurePartitions(EmailLogRetention.DEFAULT_MONTHS_AHEAD));
    }

    /** The outbox's backlog for the portalkit health indicator (DEGRADED past portalkit.health.outbox-max-age). */
    @Bean
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    OutboxProbe portalkitOutboxProbe(Portal portal) {
        EmailService emails = portal.service(EmailService.class);
        return () -> {
            OutboxStatus status = emails.outboxStatus();
            return new PortalKitHealthIndicator.Outbox(status.waiting(), status.oldestAge());
        };
    }

    /** Only with a sender: without one every run would fail with MessagingNotConfiguredException. */
    @Bean
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.enabled", matchIfMissing = true)
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.email-delivery.enabled", matchIfMissing = true)
    PortalKitJob portalkitEmailDeliveryJob(Portal portal, PortalKitProperties properties) {
        boolean hasSender = portal.config().modules().stream()
                .anyMatch(m -> m instanceof MessagingModule mm && mm.options().sender() != null);
        if (!hasSender) {
            LoggerFactory.getLogger(PortalKitJobs.class).info("PortalKit: no EmailSender bean and no"
                    + " portalkit.messaging.smtp.host: e-mail is queued, and the email-delivery job does not run");
            return null;
        }
        EmailService emails = portal.service(EmailService.class);
        JobsProperties.Job job = properties.getJobs().getEmailDelivery();
        int batch = job.getBatchSize();
        CallContext context = CallContext.system("portalkit-email-delivery");
        return new PortalKitJob("email-delivery", job.getInterval(), () -> emails.deliverPending(batch, context));
    }
}
