package dev.portalkit.spring;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * portalkit-billing's options (BillingOptions), {@code portalkit.billing.*} through
 * {@link PortalKitProperties#getBilling()}. A PaymentGateway bean is the payment provider.
 */
public class BillingProperties {

    /** When a declined renewal is retried, counted from the first decline. */
    private List<Duration> retrySchedule = new ArrayList<>(List.of(Duration.ofDays(1), Duration.ofDays(3),
            Duration.ofDays(5), Duration.ofDays(7)));

    /** The subscription's status once every retry failed: UNPAID or CANCELED. */
    private AfterRetries afterRetries = AfterRetries.UNPAID;

    /** How long a PAST_DUE subscriber keeps access after the first decline. Unset: the last retry offset. */
    private Duration gracePeriod;

    /** How long a renewal worker's claim on a subscription lasts if it dies mid-way. */
    private Duration renewalLease = Duration.ofMinutes(5);

    /** A PROCESSING payment older than this is settled by reconciliation from the gateway's record. */
    private Duration staleAfter = Duration.ofMinutes(10);

    /** Zone of billing periods when a subscription names none. */
    private ZoneId defaultBillingZone = ZoneId.of("Z");

    /** Customers cannot cancel a booking later than this before its start. */
    private Duration cancellationCutoff = Duration.ofHours(24);

    /** How long a HELD booking blocks its slot. */
    private Duration holdTtl = Duration.ofMinutes(10);

    /** Default minimum notice for providers without their own. */
    private Duration minimumNotice = Duration.ofMinutes(120);

    /** Default booking horizon for providers without their own. */
    private Duration bookingHorizon = Duration.ofDays(60);

    /** How long before a booking's start its reminders are due (at most 10 different, each whole seconds, at most 30d); empty: no reminders. */
    private List<Duration> reminderOffsets = new ArrayList<>(List.of(Duration.ofHours(24), Duration.ofHours(1)));

    /** What a subscription becomes once every renewal retry failed. */
    public enum AfterRetries {
        UNPAID, CANCELED
    }

    public List<Duration> getRetrySchedule() {
        return retrySchedule;
    }

    public void setRetrySchedule(List<Duration> retrySchedule) {
        this.retrySchedule = retrySchedule;
    }

    public AfterRetries getAfterRetries() {
        return afterRetries;
    }

    public void setAfterRetries(AfterRetries afterRetries) {
        this.afterRetries = afterRetries;
    }

    public Duration getGracePeriod() {
        return gracePeriod;
    }

    public void setGracePeriod(Duration gracePeriod) {
        this.gracePeriod = gracePeriod;
    }

    public Duration getRenewalLease() {
        return renewalLease;
    }

    public void setRenewalLease(Duration renewalLease) {
        this.renewalLease = renewalLease;
    }

    public Duration getStaleAfter() {
        return staleAfter;
    }

    public void setStaleAfter(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    public ZoneId getDefaultBillingZone() {
        return defaultBillingZone;
    }

    public void setDefaultBillingZone(ZoneId defaultBillingZone) {
        this.defaultBillingZone = defaultBillingZone;
    }

    public Duration getCancellationCutoff() {
        return cancellationCutoff;
    }

    public void setCancellationCutoff(Duration cancellationCutoff) {
        this.cancellationCutoff = cancellationCutoff;
    }

    public Duration getHoldTtl() {
        return holdTtl;
    }

    public void setHoldTtl(Duration holdTtl) {
        this.holdTtl = holdTtl;
    }

    public Duration getMinimumNotice() {
        return minimumNotice;
    }

    public void setMinimumNotice(Duration minimumNotice) {
        this.minimumNotice = minimumNotice;
    }

    public Duration getBookingHorizon() {
        return bookingHorizon;
    }

    public void setBookingHorizon(Duration bookingHorizon) {
        this.bookingHorizon = bookingHorizon;
    }

    public List<Duration> getReminderOffsets() {
        return reminderOffsets;
    }

    public void setReminderOffsets(List<Duration> reminderOffsets) {
        this.reminderOffsets = reminderOffsets;
    }
}
