package dev.portalkit.messaging.internal;

import dev.portalkit.auth.UserService;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.Outbox;
import dev.portalkit.messaging.EmailLogRetention;
import dev.portalkit.messaging.EmailService;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.MessageService;
import dev.portalkit.messaging.MessagingOptions;
import dev.portalkit.messaging.SuppressionService;
import dev.portalkit.messaging.TemplateExistsException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates and registers the messaging services. Not API. */
public final class MessagingWiring {

    private static final Logger LOG = LoggerFactory.getLogger(MessagingWiring.class);

    private MessagingWiring() {
    }

    public static List<Class<?>> mappers() {
        return List.of(EmailTemplateMapper.class, EmailLogMapper.class, EmailMessageMapper.class, SuppressionMapper.class,
                PersonalDataMapper.class);
    }

    public static void start(ModuleContext context, MessagingOptions options) {
        MessagingContext m = new MessagingContext(context, options);
        context.onConstraint("email_templates_live_key", v -> new TemplateExistsException());
        context.onConstraint("email_templates_version_key", v -> new TemplateExistsException());
        DefaultEmailTemplateService templates = new DefaultEmailTemplateService(m);
        context.provide(EmailTemplateService.class, templates);
        UserService users = context.service(UserService.class);
        UnsubscribeTokens tokens = new UnsubscribeTokens(options.unsubscribe());
        DefaultEmailService emails = new DefaultEmailService(m, users, tokens);
        context.provide(EmailService.class, emails);
        context.provide(SuppressionService.class, new DefaultSuppressionService(m, tokens));
        // Through the service as the Portal hands it out (timed, errors translated), as a host's call would be.
        context.provide(Outbox.class, new MessagingOutbox(context.service(EmailService.class)));
        context.personalData("messaging", new MessagingPersonalData(m));
        // The implementation, not the service: a scrape is not a host's call (no portalkit.calls timing).
        OutboxGauges.register(m.meters, emails::outboxStatus);
        context.provide(MessageService.class, new DefaultMessageService(m));
        DefaultEmailLogRetention retention = new DefaultEmailLogRetention(m);
        context.provide(EmailLogRetention.class, retention);
        // The months ahead exist before anything is queued in them; rows of a month without one would
        // still land (the DEFAULT partition), so a failure here (a lock held too long) is no reason not to start.
        try {
            retention.ensurePartitions(EmailLogRetention.DEFAULT_MONTHS_AHEAD);
        } catch (PortalException e) {
            LOG.warn("email_logs partitions ahead not created at start ({}); EmailLogRetention.ensurePartitions creates them",
                    e.getMessage());
        }
    }
}
