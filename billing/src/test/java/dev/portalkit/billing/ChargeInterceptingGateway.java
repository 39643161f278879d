package dev.portalkit.billing;

import java.util.Optional;

/**
 * An {@link InMemoryPaymentGateway} whose charges a test steers (held, timed out): subclasses decide
 * what {@link #charge} does before or instead of the ledger's; refunds and look-ups go to the ledger.
 */
abstract class ChargeInterceptingGateway implements PaymentGateway {

    final InMemoryPaymentGateway ledger;

    ChargeInterceptingGateway(InMemoryPaymentGateway ledger) {
        this.ledger = ledger;
    }

    @Override
    public GatewayResult refund(GatewayRefund refund) {
        return ledger.refund(refund);
    }

    @Override
    public Optional<GatewayResult> lookupCharge(String idempotencyKey) {
        return ledger.lookupCharge(idempotencyKey);
    }

    @Override
    public Optional<GatewayResult> lookupRefund(String idempotencyKey) {
        return ledger.lookupRefund(idempotencyKey);
    }
}
