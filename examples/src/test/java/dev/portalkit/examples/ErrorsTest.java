package dev.portalkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.billing.Payment;
import dev.portalkit.billing.PaymentActionRequiredException;
import dev.portalkit.billing.PaymentStatus;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.PortalException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ErrorsTest {

    @Test
    void aPaymentThatWaitsForTheCustomerIs402WithItsCodeNotA500() {
        Payment waiting = new Payment(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Instant.EPOCH, "key",
                1_000, "EUR", "Basic", PaymentStatus.REQUIRES_ACTION, 0, 0, "pi_123", "requires_action", null, null,
                Map.of(), Instant.EPOCH, Instant.EPOCH);
        PortalException e = new PaymentActionRequiredException(waiting);

        assertThat(Errors.status(e)).isEqualTo(402);
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) Errors.body(e, "req-1").get("error");
        assertThat(error).containsEntry("status", 402).containsEntry("code", "PK-3026").containsEntry("requestId", "req-1");
        assertThat((String) error.get("message")).doesNotContain("[PK-").contains(waiting.id().toString());
    }

    @Test
    void anUnexpectedFailureIs500AndItsMessageStaysInTheLog() {
        PortalException e = new PortalException(CoreError.INTERNAL_ERROR, "charge", "secret detail");
        assertThat(Errors.status(e)).isEqualTo(500);
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) Errors.body(e, "req-2").get("error");
        assertThat(error.get("message")).isEqualTo("Internal error");
    }
}
