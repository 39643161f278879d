package dev.portalkit.billing;

/**
 * What one {@link SubscriptionService#renewDue} call did.
 *
 * @param claimed  due subscriptions this worker claimed
 * @param renewed  charged and moved to the next period (or out of trial / PAST_DUE into ACTIVE)
 * @param declined charges declined: moved to PAST_DUE or left there for the next retry
 * @param unpaid   retries exhausted: moved to UNPAID (or CANCELED, per {@link BillingOptions#afterRetries()})
 * @param canceled ended at the period end because cancellation was asked for
 * @param unknown  claimed but not finished by this call, for any of these reasons: the gateway gave no answer
 *                 (the payment is UNKNOWN until {@link PaymentService#reconcile}), a call with the renewal's
 *                 key was still in flight, the period had a charge already, or the renewal failed with an
 *                 error; these rows stay claimed until the lease ends, and a later run replays the same key.
 *                 Also the renewals that lost to a concurrent change: the subscription changed while it was
 *                 renewed (canceled, resumed, reactivated, its tier changed), so the compare-and-set found
 *                 another status or period and wrote nothing (a charge it captured is given back), or another
 *                 worker had already applied or given back the same charge
 */
public record RenewalReport(int claimed, int renewed, int declined, int unpaid, int canceled, int unknown) {
}
