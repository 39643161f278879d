package dev.portalkit.billing;

import dev.portalkit.core.Nullable;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Charges and refunds through the host's {@link PaymentGateway}. Every write takes an idempotency
 * key; its row is committed (PROCESSING) before the gateway is called, so a crash never loses the
 * record, and the gateway is called at most once per key. These calls open their own transactions:
 * they refuse to run inside any transaction ({@code Portal.inTransaction}, {@code Portal.joining}, the
 * host's own) with {@link BillingError#PAYMENT_IN_TRANSACTION}.
 */
public interface PaymentService {

    /**
     * Charges once per idempotency key and returns the payment, whatever its outcome (SUCCEEDED,
     * FAILED when declined, UNKNOWN when the gateway did not answer). A repeated call with the same
     * key and request returns the first result without calling the gateway. Keys are unique across
     * PortalKit (a subscribe's key cannot be a charge's); keys starting with {@code subscribe:},
     * {@code change:}, {@code reactivate:}, {@code renewal:} or {@code compensation:} are PortalKit's own.
     *
     * @throws dev.portalkit.core.ValidationException naming each bad field (nothing written)
     * @throws dev.portalkit.core.NotFoundException    when the user does not exist
     * @throws IdempotencyKeyReusedException           the key was used for another call (other request or operation)
     * @throws PaymentInProgressException              the first call with the key has not finished
     */
    Payment charge(ChargeRequest request, CallContext context);

    /**
     * Refunds part or all of a captured payment, once per idempotency key. Concurrent refunds never
     * take the refunded total above the captured amount: the amount is reserved before the gateway
     * is called.
     *
     * @throws RefundExceedsCapturedException when the amount does not fit what is left
     * @throws PaymentNotRefundableException  when the payment captured nothing (FAILED, UNKNOWN...)
     */
    Refund refund(UUID paymentId, long amountMinor, String idempotencyKey, @Nullable String reason, CallContext context);

    Optional<Payment> find(UUID id);

    Optional<Payment> findByIdempotencyKey(String key);

    List<Refund> refunds(UUID paymentId);

    /** A user's payments, newest first, keyset-paginated. */
    Page<Payment> list(UUID userId, PageRequest page);

    /**
     * Settles UNKNOWN payments and refunds (and PROCESSING ones older than
     * {@link BillingOptions#staleAfter()}, whose caller died) by asking the gateway. Rows are claimed with
     * {@code FOR UPDATE SKIP LOCKED}, so several instances may run it at once.
     */
    ReconcileReport reconcile(int batchSize, CallContext context);
}
