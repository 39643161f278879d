package dev.portalkit.spring;

import java.time.Duration;

/**
 * Background jobs, on a scheduler of PortalKit's own (the host needs no @EnableScheduling). A job
 * exists only when its module is installed; a failing run is logged and the next one retries.
 * {@code portalkit.jobs.*} through {@link PortalKitProperties#getJobs()}.
 */
public class JobsProperties {

    /** Whether any PortalKit job runs in this instance. */
    private boolean enabled = true;

    /** Sends queued e-mail (EmailService.deliverPending); needs messaging and an e-mail sender. */
    private final Job emailDelivery = new Job(true, Duration.ofSeconds(10), 50);

    /** Renews due subscriptions (SubscriptionService.renewDue); needs billing. */
    private final Job renewals = new Job(true, Duration.ofMinutes(1), 50);

    /** Settles payments left PROCESSING (PaymentService.reconcile); needs billing. */
    private final Job reconciliation = new Job(true, Duration.ofMinutes(5), 50);

    /** Sends due booking reminders (BookingService.sendDueReminders); needs billing. */
    private final Job bookingReminders = new Job(true, Duration.ofMinutes(1), 50);

    /** Publishes and unpublishes scheduled resource cards (ResourceService.publishDue); needs content. */
    private final Schedule publishDue = new Schedule(true, Duration.ofMinutes(1));

    /**
     * Seals the audit trail (ActivityLog.seal) on this scheduler instead of the Portal's own thread
     * (portalkit.audit.background-sealing is then off).
     */
    private final Schedule auditSealing = new Schedule(false, Duration.ofSeconds(1));

    /**
     * Keeps the monthly partitions of activity_logs and, with messaging, email_logs made ahead
     * (AuditRetention and EmailLogRetention.ensurePartitions(3)); the Portal makes them only when it starts.
     */
    private final Schedule partitions = new Schedule(true, Duration.ofDays(1));

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Job getEmailDelivery() {
        return emailDelivery;
    }

    public Job getRenewals() {
        return renewals;
    }

    public Job getReconciliation() {
        return reconciliation;
    }

    public Job getBookingReminders() {
        return bookingReminders;
    }

    public Schedule getPublishDue() {
        return publishDue;
    }

    public Schedule getAuditSealing() {
        return auditSealing;
    }

    public Schedule getPartitions() {
        return partitions;
    }

    /** When a job runs. */
    public static class Schedule {

        /** Whether the job runs. */
        private boolean enabled;

        /** Pause between the end of one run and the start of the next. */
        private Duration interval;

        public Schedule() {
        }

        Schedule(boolean enabled, Duration interval) {
            this.enabled = enabled;
            this.interval = interval;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }

    /** A job that handles a batch of rows per run. */
    public static class Job extends Schedule {

        /** Most rows one run handles, 1 to 1000. */
        private int batchSize;

        public Job() {
        }

        Job(boolean enabled, Duration interval, int batchSize) {
            super(enabled, interval);
            this.batchSize = batchSize;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }
    }
}
