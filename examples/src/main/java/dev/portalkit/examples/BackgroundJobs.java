package dev.portalkit.examples;

import dev.portalkit.billing.PaymentService;
import dev.portalkit.billing.ReconcileReport;
import dev.portalkit.billing.RenewalReport;
import dev.portalkit.billing.SubscriptionService;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.billing.booking.ReminderRun;
import dev.portalkit.content.ResourceService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Portal;
import dev.portalkit.messaging.DeliveryReport;
import dev.portalkit.messaging.EmailService;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's background loop: booking reminders, scheduled publishing, e-mail delivery, subscription
 * renewal and payment reconciliation,
 * one pass every {@code interval}. Each job claims its rows with {@code FOR UPDATE SKIP LOCKED}, so
 * any number of instances may run this loop against one database. A failing job is logged and
 * the others still run; the next pass tries again.
 */
final class BackgroundJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundJobs.class);
    static final int BATCH = 50;

    record Pass(DeliveryReport emails, RenewalReport renewals, ReconcileReport payments, ReminderRun reminders,
                Integer published) {
    }

    private final EmailService emails;
    private final SubscriptionService subscriptions;
    private final PaymentService payments;
    private final BookingService bookings;
    private final ResourceService resources;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    BackgroundJobs(Portal portal, Clock clock) {
        this.emails = portal.service(EmailService.class);
        this.subscriptions = portal.service(SubscriptionService.class);
        this.payments = portal.service(PaymentService.class);
        this.bookings = portal.service(BookingService.class);
        this.resources = portal.service(ResourceService.class);
        this.clock = clock;
    }

    void start(Duration interval) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "portal-jobs");
            t.setDaemon(true);
            return t;
        });
        // Fixed delay: a slow pass (a slow SMTP server) never piles up passes behind it.
        scheduler.scheduleWithFixedDelay(this::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass of every job; public to tests, which drive time with a test clock. */
    synchronized Pass runOnce() {
        DeliveryReport sent = null;
        RenewalReport renewed = null;
        ReconcileReport reconciled = null;
        ReminderRun reminded = null;
        Integer published = null;
        // Reminders first: they are queued through the outbox and go out with this pass's delivery.
        try {
            reminded = bookings.sendDueReminders(BATCH, CallContext.system("booking-reminders"));
        } catch (RuntimeException e) {
            LOG.warn("Booking reminders failed; next pass retries: {}", e.toString());
        }
        try {
            published = resources.publishDue(CallContext.system("content-schedule"));
        } catch (RuntimeException e) {
            LOG.warn("Scheduled publishing failed; next pass retries: {}", e.toString());
        }
        try {
            sent = emails.deliverPending(BATCH, CallContext.system("mail-worker"));
        } catch (RuntimeException e) {
            LOG.warn("E-mail delivery failed; next pass retries: {}", e.toString());
        }
        try {
            renewed = subscriptions.renewDue(clock.instant(), BATCH);
        } catch (RuntimeException e) {
            LOG.warn("Subscription renewal failed; next pass retries: {}", e.toString());
        }
        try {
            reconciled = payments.reconcile(BATCH, CallContext.system("payment-reconcile"));
        } catch (RuntimeException e) {
            LOG.warn("Payment reconciliation failed; next pass retries: {}", e.toString());
        }
        if ((sent != null && sent.claimed() > 0) || (renewed != null && renewed.claimed() > 0)
                || (reconciled != null && reconciled.examined() > 0)) {
            LOG.info("Background pass: {} {} {}", sent, renewed, reconciled);
        }
        return new Pass(sent, renewed, reconciled, reminded, published);
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
