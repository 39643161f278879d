package dev.portalkit.billing;

import dev.portalkit.core.ErrorCode;

/** Error codes of portalkit-billing (range 3000-3999). */
public enum BillingError implements ErrorCode {
    @Message("Another live pricing tier already uses this code")
    TIER_CODE_TAKEN(3000),
    @Message("Pricing tier %s is archived or deleted: it cannot be sold")
    TIER_NOT_AVAILABLE(3001),
    @Message("The user already has a live subscription: change its tier instead")
    SUBSCRIPTION_EXISTS(3010),
    @Message("Subscription %s is %s: it cannot %s")
    SUBSCRIPTION_STATE(3011),
    @Message("The payment was declined (%s)")
    PAYMENT_DECLINED(3012),
    @Message(value = "The gateway did not answer; payment %s is UNKNOWN until reconcile() settles it", retryable = true)
    PAYMENT_OUTCOME_UNKNOWN(3013),
    @Message("Payment %s made with this idempotency key pays for nothing (the call it paid for could not be applied,"
            + " or it was refunded) and is given back: use a new key")
    PAYMENT_REFUNDED(3014),
    @Message("The idempotency key %s was already used for a different request")
    IDEMPOTENCY_KEY_REUSED(3020),
    @Message(value = "A call with idempotency key %s is still in progress; retry later", retryable = true)
    PAYMENT_IN_PROGRESS(3021),
    @Message("Refunding %d would exceed what payment %s captured (%d, of which %d refunded or pending)")
    REFUND_EXCEEDS_CAPTURED(3022),
    @Message("Payment %s is %s: only SUCCEEDED or PARTIALLY_REFUNDED payments can be refunded")
    PAYMENT_NOT_REFUNDABLE(3023),
    @Message("This billing period of the subscription already has a charge")
    PERIOD_ALREADY_CHARGED(3024),
    @Message("%s cannot run inside a transaction (Portal.inTransaction, Portal.joining or the host's own, such as"
            + " Spring's @Transactional): its record must be committed before the gateway is called. Call it outside"
            + " the transaction")
    PAYMENT_IN_TRANSACTION(3025),
    @Message("Payment %s waits for the customer (%s): bring them back to the browser to complete it, then call again"
            + " with the same key once the provider settled it")
    PAYMENT_ACTION_REQUIRED(3026),

    @Message("The time overlaps another booking of the provider")
    BOOKING_CONFLICT(3100),
    @Message("Booking %s is %s: it cannot %s")
    BOOKING_STATE(3101),
    @Message("Booking %s starts at %s: cancelling is closed %s before the start")
    CANCELLATION_CUTOFF(3102),
    @Message("The provider cannot be booked: %s")
    PROVIDER_NOT_BOOKABLE(3103),
    @Message("The payment cannot pay for this booking: %s")
    BOOKING_PAYMENT_REFUSED(3104);

    private final int number;

    BillingError(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }
}
