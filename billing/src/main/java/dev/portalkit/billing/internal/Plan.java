package dev.portalkit.billing.internal;

import dev.portalkit.billing.ChangePreview;
import dev.portalkit.billing.Subscription;
import dev.portalkit.billing.internal.KeyRow.Operation;
import dev.portalkit.core.spi.Values;
import java.util.Map;
import java.util.UUID;

/**
 * What a keyed subscription call decided before any money moved, stored (as JSON) with its key: the
 * charge, and the change it pays for. A call that finishes the key later (the same call again, or
 * {@code reconcile()}) executes exactly this, never a plan computed anew. Not API.
 *
 * @param paymentKey     the charge's own idempotency key ({@code subscribe:{key}}, ...)
 * @param paymentFor     the subscription the charge is recorded against ({@code null} for subscribe: none yet)
 * @param expected       the row the change was computed from; {@code null}: {@code change} is a new subscription
 * @param change         the row to write: inserted, or written over {@code expected} only if it is still at its
 *                       status and version (the state has not moved on)
 * @param preview        changeTier's result; the others return the subscription written
 */
record Plan(Operation operation, String paymentKey, UUID userId, UUID paymentFor, long amountMinor, String currency,
            String description, Map<String, Object> paymentMetadata, Subscription expected, Subscription change,
            String auditAction, Map<String, Object> auditMetadata, ChangePreview preview) {

    Plan {
        paymentMetadata = Values.copy(paymentMetadata);
        auditMetadata = Values.copy(auditMetadata);
    }

    /** Whether money moves: a plan without a charge is applied in the transaction that claims its key. */
    boolean charges() {
        return amountMinor > 0;
    }
}
