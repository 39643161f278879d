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
     * Settles the payment with this idempotency key from its provider's word given outside a call (a webhook:
     * portalkit-stripe's {@code StripeWebhooks}): a PROCESSING, UNKNOWN or REQUIRES_ACTION payment becomes what
     * {@code result} says (a result that requires action leaves a REQUIRES_ACTION payment as it is). A settled
     * payment never changes (a repeated or late word is a no-op). The row is locked first, so this and
     * {@link #reconcile} (or the charge's own caller) never both settle it: one transition, one audit row
     * ({@code payment.settled}). Joins the caller's transaction when there is one (no gateway is called).
     *
     * @return the payment as it is now; empty when no payment has the key
     * @throws dev.portalkit.core.ValidationException on a null or malformed key or a null result
     */
    Optional<Payment> settle(String idempotencyKey, GatewayResult result, CallContext context);

    /**
     * As {@link #settle}, for the refund with this idempotency key: a PROCESSING or UNKNOWN refund settles and
     * its reserved amount moves to refunded (approved) or back (declined), as a refund's own call does.
     */
    Optional<Refund> settleRefund(String idempotencyKey, GatewayResult result, CallContext context);

    /**
     * Settles UNKNOWN payments and refunds (and PROCESSING ones older than
     * {@link BillingOptions#staleAfter()}, whose caller died) by asking the gateway. Rows are claimed with
     * {@code FOR UPDATE SKIP LOCKED}, so several instances may run it at once.
     */
    ReconcileReport reconcile(int batchSize, CallContext context);
}
