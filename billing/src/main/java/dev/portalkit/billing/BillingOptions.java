package dev.portalkit.billing;

import dev.portalkit.billing.booking.ReminderSender;
import dev.portalkit.core.spi.Problems;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Settings and SPIs of portalkit-billing. Build with {@link #builder()}; every default is in the
 * setter's javadoc and in the README.
 */
public record BillingOptions(PaymentGateway gateway, List<Duration> retrySchedule, SubscriptionStatus afterRetries,
                             Duration gracePeriod, Duration renewalLease, Duration staleAfter, ZoneId defaultBillingZone,
                             Duration cancellationCutoff, Duration holdTtl, Duration minimumNotice,
                             Duration bookingHorizon, List<Duration> reminderOffsets, ReminderSender reminderSender) {

    /** The most reminder offsets a booking can have, and the longest offset. */
    public static final int MAX_REMINDERS = 10;
    public static final Duration MAX_REMINDER_OFFSET = Duration.ofDays(30);

    /** 0.1.0's constructor, kept for binary compatibility: reminders at their defaults (24 h and 1 h, no sender hook). */
    @Deprecated
    public BillingOptions(PaymentGateway gateway, List<Duration> retrySchedule, SubscriptionStatus afterRetries,
                          Duration gracePeriod, Duration renewalLease, Duration staleAfter, ZoneId defaultBillingZone,
                          Duration cancellationCutoff, Duration holdTtl, Duration minimumNotice, Duration bookingHorizon) {
        this(gateway, retrySchedule, afterRetries, gracePeriod, renewalLease, staleAfter, defaultBillingZone,
                cancellationCutoff, holdTtl, minimumNotice, bookingHorizon, List.of(Duration.ofHours(24), Duration.ofHours(1)),
                null);
    }

    public BillingOptions {
        retrySchedule = List.copyOf(retrySchedule);
        reminderOffsets = List.copyOf(reminderOffsets);
    }

    /** Defaults with an {@link InMemoryPaymentGateway}: for tests and demos only. */
    public static BillingOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private PaymentGateway gateway;
        private List<Duration> retrySchedule = List.of(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(5),
                Duration.ofDays(7));
        private SubscriptionStatus afterRetries = SubscriptionStatus.UNPAID;
        private Duration gracePeriod;
        private Duration renewalLease = Duration.ofMinutes(5);
        private Duration staleAfter = Duration.ofMinutes(10);
        private ZoneId defaultBillingZone = ZoneOffset.UTC;
        private Duration cancellationCutoff = Duration.ofHours(24);
        private Duration holdTtl = Duration.ofMinutes(10);
        private Duration minimumNotice = Duration.ofMinutes(120);
        private Duration bookingHorizon = Duration.ofDays(60);
        private List<Duration> reminderOffsets = List.of(Duration.ofHours(24), Duration.ofHours(1));
        private ReminderSender reminderSender;

        private Builder() {
        }

        /** The host's payment provider. (default: a new {@link InMemoryPaymentGateway}, for tests and demos only) */
        public Builder gateway(PaymentGateway g) {
            this.gateway = g;
            return this;
        }

        /**
         * When a declined renewal is retried, counted from the first decline; after the last retry
         * fails the subscription moves to {@link #afterRetries}. (default: 1, 3, 5, 7 days)
         */
        public Builder retrySchedule(Duration... offsets) {
            // Nulls are kept for build() to report, with every other problem.
            this.retrySchedule = offsets == null ? null : Arrays.asList(offsets.clone());
            return this;
        }

        /** UNPAID or CANCELED, once every retry failed. (default: UNPAID) */
        public Builder afterRetries(SubscriptionStatus status) {
            this.afterRetries = status;
            return this;
        }

        /** How long a PAST_DUE subscriber keeps access after the first decline. (default: the last retry offset, 7 days) */
        public Builder gracePeriod(Duration d) {
            this.gracePeriod = d;
            return this;
        }

        /** How long a renewal worker's claim on a subscription lasts if it dies mid-way. (default: 5 minutes) */
        public Builder renewalLease(Duration d) {
            this.renewalLease = d;
            return this;
        }

        /**
         * A PROCESSING payment older than this is settled by reconcile from the gateway's record (its
         * caller died). Must be longer than the gateway client's own timeout, or a charge still in
         * flight could be settled FAILED. (default: 10 minutes)
         */
        public Builder staleAfter(Duration d) {
            this.staleAfter = d;
            return this;
        }

        /** Zone of billing periods when a subscription names none. (default: UTC) */
        public Builder defaultBillingZone(ZoneId zone) {
            this.defaultBillingZone = zone;
            return this;
        }

        /** Customers cannot cancel a booking later than this before its start. (default: 24 hours) */
        public Builder cancellationCutoff(Duration d) {
            this.cancellationCutoff = d;
            return this;
        }

        /** How long a HELD booking blocks its slot. (default: 10 minutes) */
        public Builder holdTtl(Duration d) {
            this.holdTtl = d;
            return this;
        }

        /** Default minimum notice for providers without their own. (default: 120 minutes) */
        public Builder minimumNotice(Duration d) {
            this.minimumNotice = d;
            return this;
        }

        /** Default booking horizon for providers without their own. (default: 60 days) */
        public Builder bookingHorizon(Duration d) {
            this.bookingHorizon = d;
            return this;
        }

        /**
         * How long before a booking's start its reminders are due; none: no reminders. Each positive, whole
         * seconds, at most 30 days, all different, at most 10. (default: 24 hours and 1 hour)
         */
        public Builder reminderOffsets(Duration... offsets) {
            this.reminderOffsets = offsets == null ? null : Arrays.asList(offsets.clone());
            return this;
        }

        /**
         * Who sends due booking reminders ({@code BookingService.sendDueReminders}), called in the transaction
         * that marks each SENT. When set it is used even if portalkit-messaging is installed; when not set,
         * reminders are queued in messaging's outbox if it is installed, and otherwise not sent at all (the
         * job claims nothing and says so). (default: none)
         */
        public Builder reminderSender(ReminderSender sender) {
            this.reminderSender = sender;
            return this;
        }

        /**
         * @throws dev.portalkit.core.PortalConfigurationException (PK-1000) listing every bad setting and what
         *                                                         it allows
         */
        public BillingOptions build() {
            Problems problems = new Problems();
            if (problems.required(retrySchedule, "retrySchedule")) {
                problems.check(!retrySchedule.isEmpty(), "retrySchedule needs at least one offset (default 1, 3, 5, 7 days)");
                problems.check(increasing(retrySchedule),
                        "retrySchedule offsets must be positive and increasing, each at most 36500 days, was %s", retrySchedule);
            }
            problems.check(afterRetries == SubscriptionStatus.UNPAID || afterRetries == SubscriptionStatus.CANCELED,
                    "afterRetries must be UNPAID or CANCELED (default UNPAID), was %s", afterRetries);
            problems.required(defaultBillingZone, "defaultBillingZone");
            problems.positive("renewalLease", renewalLease);
            problems.positive("staleAfter", staleAfter);
            problems.positive("holdTtl", holdTtl);
            problems.positive("bookingHorizon", bookingHorizon);
            notNegative(problems, "cancellationCutoff", cancellationCutoff);
            notNegative(problems, "minimumNotice", minimumNotice);
            if (gracePeriod != null) { // null: the last retry offset
                notNegative(problems, "gracePeriod", gracePeriod);
            }
            if (problems.required(reminderOffsets, "reminderOffsets")) {
                problems.check(reminderOffsets.size() <= MAX_REMINDERS && reminderOffsets.stream().allMatch(
                                d -> d != null && !d.isNegative() && !d.isZero() && d.getNano() == 0 && d.compareTo(MAX_REMINDER_OFFSET) <= 0)
                                && reminderOffsets.stream().distinct().count() == reminderOffsets.size(),
                        "reminderOffsets must be at most %d different offsets, each positive, in whole seconds and at most"
                                + " 30 days (default 24 hours, 1 hour), was %s", MAX_REMINDERS, reminderOffsets);
            }
            problems.throwIfAny();
            if (gateway == null) {
                LoggerFactory.getLogger(BillingOptions.class).warn("portalkit-billing: no PaymentGateway set, using an "
                        + "InMemoryPaymentGateway: no money moves. Set BillingOptions.builder().gateway(...) outside tests.");
            }
            Duration grace = gracePeriod != null ? gracePeriod
                    : retrySchedule.get(retrySchedule.size() - 1);
            return new BillingOptions(gateway != null ? gateway : new InMemoryPaymentGateway(), retrySchedule,
                    afterRetries, grace, renewalLease, staleAfter, defaultBillingZone, cancellationCutoff, holdTtl,
                    minimumNotice, bookingHorizon, reminderOffsets, reminderSender);
        }

        /** Whether every offset is set, more than zero, more than the one before and at most 36500 days. */
        private static boolean increasing(List<Duration> offsets) {
            Duration previous = Duration.ZERO;
            for (Duration d : offsets) {
                if (d == null || d.compareTo(previous) <= 0 || d.compareTo(Problems.MAX_DURATION) > 0) {
                    return false;
                }
                previous = d;
            }
            return true;
        }

        /** Like {@link Problems#positive}, zero allowed. */
        private static void notNegative(Problems problems, String setting, Duration d) {
            if (problems.required(d, setting)) {
                problems.check(!d.isNegative() && d.compareTo(Problems.MAX_DURATION) <= 0,
                        "%s must be zero or more and at most 36500 days, was %s", setting, d);
            }
        }
    }
}
