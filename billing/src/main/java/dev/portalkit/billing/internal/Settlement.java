package dev.portalkit.billing.internal;

import dev.portalkit.billing.GatewayResult;
import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.core.spi.AuditRows;
import java.time.Instant;
import java.util.UUID;

/** How a gateway's answer (or its silence) settles a payment: the values {@link PaymentMapper#settle} writes. Not API. */
record Settlement(PaymentStatus status, String reference, String failureCode, String failureMessage) {

    static Settlement of(GatewayResult r) {
        if (r.requiresAction()) {
            return new Settlement(PaymentStatus.REQUIRES_ACTION, Inputs.cut(r.reference(), 200),
                    Inputs.cut(r.declineCode(), 100), Inputs.cut(r.message(), 500));
        }
        return r.approved()
                ? new Settlement(PaymentStatus.SUCCEEDED, Inputs.cut(r.reference(), 200), null, null)
                : new Settlement(PaymentStatus.FAILED, Inputs.cut(r.reference(), 200), Inputs.cut(r.declineCode(), 100),
                        Inputs.cut(r.message(), 500));
    }

    static Settlement of(GatewayAnswer answer) {
        return answer.unknown() ? unknown(answer.failure()) : of(answer.result());
    }

    static Settlement unknown(String failure) {
        return new Settlement(PaymentStatus.UNKNOWN, null, "gateway_no_answer", Inputs.cut(failure, 500));
    }

    Payment apply(PaymentMapper payments, UUID id, PaymentStatus expected, Instant now) {
        return payments.settle(id, expected, status, reference, failureCode, failureMessage, now);
    }

    /** The same as the transaction's last statement, with its audit rows and COMMIT. */
    Payment apply(PaymentMapper payments, UUID id, PaymentStatus expected, Instant now, AuditRows audit) {
        return payments.settleAudited(id, expected, status, reference, failureCode, failureMessage, now, audit);
    }
}
