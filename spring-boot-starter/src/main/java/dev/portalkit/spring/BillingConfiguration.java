package dev.portalkit.spring;

import dev.portalkit.billing.BillingModule;
import dev.portalkit.billing.BillingOptions;
import dev.portalkit.billing.PaymentGateway;
import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.SubscriptionService;
import dev.portalkit.billing.SubscriptionStatus;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * portalkit-billing: the module (from {@code portalkit.billing.*} and the host's PaymentGateway bean; or
 * the host's own BillingModule bean), its services, and the renewal and reconciliation jobs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "dev.portalkit.billing.BillingModule")
@ConditionalOnPortalModule("billing")
class BillingConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BillingModule portalkitBillingModule(PortalKitProperties properties, ObjectProvider<PaymentGateway> gateway) {
        BillingProperties p = properties.getBilling();
        BillingOptions.Builder b = BillingOptions.builder()
                .retrySchedule(p.getRetrySchedule() == null ? null : p.getRetrySchedule().toArray(Duration[]::new))
                .afterRetries(p.getAfterRetries() == null ? null : SubscriptionStatus.valueOf(p.getAfterRetries().name()))
                .gracePeriod(p.getGracePeriod())
                .renewalLease(p.getRenewalLease())
                .staleAfter(p.getStaleAfter())
                .defaultBillingZone(p.getDefaultBillingZone())
                .cancellationCutoff(p.getCancellationCutoff())
                .holdTtl(p.getHoldTtl())
                .minimumNotice(p.getMinimumNotice())
                .bookingHorizon(p.getBookingHorizon())
                .reminderOffsets(p.getReminderOffsets() == null ? null : p.getReminderOffsets().toArray(Duration[]::new));
        // None: billing's InMemoryPaymentGateway, with its warning that no money moves.
        PaymentGateway g = gateway.getIfUnique();
        if (g != null) {
            b.gateway(g);
        }
        return new BillingModule(b.build());
    }

    @Bean
    @ConditionalOnMissingBean
    PricingService pricingService(Portal portal) {
        return portal.service(PricingService.class);
    }

    @Bean
    @ConditionalOnMissingBean
    SubscriptionService subscriptionService(Portal portal) {
        return portal.service(SubscriptionService.class);
    }

    @Bean
    @ConditionalOnMissingBean
    PaymentService paymentService(Portal portal) {
        return portal.service(PaymentService.class);
    }

    @Bean
    @ConditionalOnMissingBean
    BookingService bookingService(Portal portal) {
        return portal.service(BookingService.class);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.enabled", matchIfMissing = true)
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.renewals.enabled", matchIfMissing = true)
    PortalKitJob portalkitRenewalsJob(Portal portal, PortalKitProperties properties) {
        SubscriptionService subscriptions = portal.service(SubscriptionService.class);
        JobsProperties.Job job = properties.getJobs().getRenewals();
        int batch = job.getBatchSize();
        return new PortalKitJob("renewals", job.getInterval(),
                () -> subscriptions.renewDue(portal.config().clock().instant(), batch));
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.enabled", matchIfMissing = true)
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.reconciliation.enabled", matchIfMissing = true)
    PortalKitJob portalkitReconciliationJob(Portal portal, PortalKitProperties properties) {
        PaymentService payments = portal.service(PaymentService.class);
        JobsProperties.Job job = properties.getJobs().getReconciliation();
        int batch = job.getBatchSize();
        CallContext context = CallContext.system("portalkit-reconciliation");
        return new PortalKitJob("reconciliation", job.getInterval(), () -> payments.reconcile(batch, context));
    }

    /** Due booking reminders: to BillingOptions.reminderSender, else messaging's outbox (see BookingService). */
    @Bean
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.enabled", matchIfMissing = true)
    @ConditionalOnBooleanProperty(name = "portalkit.jobs.booking-reminders.enabled", matchIfMissing = true)
    PortalKitJob portalkitBookingRemindersJob(Portal portal, PortalKitProperties properties) {
        BookingService bookings = portal.service(BookingService.class);
        JobsProperties.Job job = properties.getJobs().getBookingReminders();
        int batch = job.getBatchSize();
        CallContext context = CallContext.system("portalkit-booking-reminders");
        return new PortalKitJob("booking-reminders", job.getInterval(), () -> bookings.sendDueReminders(batch, context));
    }
}
