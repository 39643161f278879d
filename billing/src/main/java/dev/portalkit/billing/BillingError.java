package dev.portalkit.billing;

import dev.portalkit.core.ErrorCode;

/** Error codes of portalkit-billing (range 3000-3999). */
public enum BillingError implements ErrorCode {
    TIER_CODE_TAKEN(3000, "Another live pricing tier already uses this code"),
    TIER_NOT_AVAILABLE(3001, "Pricing tier %s is archived or deleted: it cannot be sold"),
    SUBSCRIPTION_EXISTS(3010, "The user already has a live subscription: change its tier instead"),
    SUBSCRIPTION_STATE(3011, "Subscription %s is %s: it cannot %s"),
    PAYMENT_DECLINED(3012, "The payment was declined (%s)"),
    PAYMENT_OUTCOME_UNKNOWN(3013, "The gateway did not answer; payment %s is UNKNOWN until reconcile() settles it"),
    PAYMENT_REFUNDED(3014, "Payment %s made with this idempotency key pays for nothing (the call it paid for could not be applied, or it was refunded) and is given back: use a new key"),
    IDEMPOTENCY_KEY_REUSED(3020, "The idempotency key %s was already used for a different request"),
    PAYMENT_IN_PROGRESS(3021, "A call with idempotency key %s is still in progress; retry later"),
    REFUND_EXCEEDS_CAPTURED(3022, "Refunding %d would exceed what payment %s captured (%d, of which %d refunded or pending)"),
    PAYMENT_NOT_REFUNDABLE(3023, "Payment %s is %s: only SUCCEEDED or PARTIALLY_REFUNDED payments can be refunded"),
    PERIOD_ALREADY_CHARGED(3024, "This billing period of the subscription already has a charge"),
    PAYMENT_IN_TRANSACTION(3025, "%s cannot run inside Portal.inTransaction: its record must be committed before the gateway is called"),

    BOOKING_CONFLICT(3100, "The time overlaps another booking of the provider"),
    BOOKING_STATE(3101, "Booking %s is %s: it cannot %s"),
    CANCELLATION_CUTOFF(3102, "Booking %s starts at %s: cancelling is closed %s before the start"),
    PROVIDER_NOT_BOOKABLE(3103, "The provider cannot be booked: %s"),
    BOOKING_PAYMENT_REFUSED(3104, "The payment cannot pay for this booking: %s");

    private final int number;
    private final String template;

    BillingError(int number, String template) {
        this.number = number;
        this.template = template;
    }

    @Override
    public int number() {
        return number;
    }

    @Override
    public String template() {
        return template;
    }

    @Override
    public boolean retryable() {
        return this == PAYMENT_IN_PROGRESS || this == PAYMENT_OUTCOME_UNKNOWN;
    }
}
