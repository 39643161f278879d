package dev.portalkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.ConflictException;
import dev.portalkit.core.TransientException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BillingErrorTest {

    @Test
    void billingCodesAreUniqueAndInTheBillingRange() {
        Set<Integer> numbers = Arrays.stream(BillingError.values()).map(BillingError::number).collect(Collectors.toSet());
        assertThat(numbers).hasSize(BillingError.values().length);
        assertThat(numbers).allMatch(n -> n >= 3000 && n < 4000);
    }

    @Test
    void messagesCarryTheCodeAndOnlyInFlightOutcomesAreRetryable() {
        assertThat(new PaymentInProgressException("k1").getMessage()).startsWith("[PK-3021]").contains("k1");
        assertThat(new PaymentInProgressException("k1").isRetryable()).isTrue();
        // Every retryable billing failure is a TransientException: one catch serves a retry loop.
        assertThat(new PaymentInProgressException("k1")).isInstanceOf(TransientException.class)
                .isNotInstanceOf(ConflictException.class);
        assertThat(new IdempotencyKeyReusedException("k1").isRetryable()).isFalse();
        assertThat(new TierCodeTakenException().getMessage()).startsWith("[PK-3000]");
    }

    @Test
    void paymentRefusalsSitWhereAHostCatchesThem() {
        Payment declined = payment(PaymentStatus.FAILED, "card_declined");
        PaymentDeclinedException refusal = new PaymentDeclinedException(declined);
        assertThat(refusal).isNotInstanceOf(ConflictException.class).isNotInstanceOf(TransientException.class);
        assertThat(refusal.isRetryable()).isFalse();
        assertThat(refusal.getMessage()).isEqualTo("[PK-3012] The payment was declined (card_declined)");
        assertThat(refusal.payment()).isSameAs(declined);

        Payment unknown = payment(PaymentStatus.UNKNOWN, "gateway_no_answer");
        PaymentOutcomeUnknownException noAnswer = new PaymentOutcomeUnknownException(unknown);
        assertThat(noAnswer).isInstanceOf(TransientException.class).isNotInstanceOf(ConflictException.class);
        assertThat(noAnswer.isRetryable()).isTrue();
        assertThat(noAnswer.getMessage()).startsWith("[PK-3013]").contains(unknown.id().toString());
        assertThat(noAnswer.payment()).isSameAs(unknown);
    }

    private static Payment payment(PaymentStatus status, String failureCode) {
        return new Payment(UUID.randomUUID(), UUID.randomUUID(), null, null, "k1", 1000, "EUR", null, status, 0, 0,
                null, failureCode, null, null, Map.of(), Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void subscriptionTransitionsFollowTheStateMachine() {
        assertThat(SubscriptionStatus.CANCELED.next()).isEmpty();
        assertThat(SubscriptionStatus.TRIALING.canMoveTo(SubscriptionStatus.UNPAID)).isFalse();
        assertThat(SubscriptionStatus.PAST_DUE.canMoveTo(SubscriptionStatus.UNPAID)).isTrue();
        assertThat(SubscriptionStatus.UNPAID.canMoveTo(SubscriptionStatus.PAST_DUE)).isFalse();
    }
}
