package dev.portalkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
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
        assertThat(new IdempotencyKeyReusedException("k1").isRetryable()).isFalse();
        assertThat(new TierCodeTakenException().getMessage()).startsWith("[PK-3000]");
    }

    @Test
    void subscriptionTransitionsFollowTheStateMachine() {
        assertThat(SubscriptionStatus.CANCELED.next()).isEmpty();
        assertThat(SubscriptionStatus.TRIALING.canMoveTo(SubscriptionStatus.UNPAID)).isFalse();
        assertThat(SubscriptionStatus.PAST_DUE.canMoveTo(SubscriptionStatus.UNPAID)).isTrue();
        assertThat(SubscriptionStatus.UNPAID.canMoveTo(SubscriptionStatus.PAST_DUE)).isFalse();
    }
}
