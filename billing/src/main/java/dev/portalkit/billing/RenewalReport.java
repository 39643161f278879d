package dev.portalkit.billing;

/**
 * What one {@link SubscriptionService#renewDue} call did.
 *
 * @param claimed  due subscriptions this worker claimed
 * @param renewed  charged and moved to the next period (or out of trial / PAST_DUE into ACTIVE)
 * @param declined charges declined: moved to PAST_DUE or left there for the next retry
 * @param unpaid   retries exhausted: moved to UNPAID (or CANCELED, per {@link BillingOptions#afterRetries()})
 * @param canceled ended at the period end because cancellation was asked for
 * @param unknown  the gateway did not answer; looked at again after reconcile
 */
public record RenewalReport(int claimed, int renewed, int declined, int unpaid, int canceled, int unknown) {
}
