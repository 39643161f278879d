package dev.portalkit.billing;

/** What one {@link PaymentService#reconcile} call settled. */
public record ReconcileReport(int examined, int succeeded, int failed, int stillUnknown) {
}
