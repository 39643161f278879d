package dev.portalkit.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.PortalConfigurationException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ForwardingPaymentGatewayTest {

    @Test
    void passesEveryCallOnAndLetsASubclassChangeOne() {
        InMemoryPaymentGateway ledger = new InMemoryPaymentGateway();
        AtomicInteger charges = new AtomicInteger();
        PaymentGateway counted = new ForwardingPaymentGateway(ledger) {
            @Override
            public GatewayResult charge(GatewayCharge charge) {
                charges.incrementAndGet();
                return super.charge(charge);
            }
        };
        GatewayResult charged = counted.charge(new GatewayCharge("k-1", UUID.randomUUID(), 500, "EUR", "test"));
        assertThat(charged.approved()).isTrue();
        assertThat(charges).hasValue(1);
        assertThat(counted.lookupCharge("k-1")).contains(charged);
        assertThat(counted.lookupCharge("k-2")).isEmpty();
        GatewayResult refunded = counted.refund(new GatewayRefund("r-1", charged.reference(), 200, "EUR", "test"));
        assertThat(counted.lookupRefund("r-1")).contains(refunded);
        assertThat(ledger.lookupRefund("r-1")).contains(refunded);
    }

    @Test
    void aNullDelegateIsAConfigurationError() {
        assertThatThrownBy(() -> new ForwardingPaymentGateway(null) { })
                .isInstanceOfSatisfying(PortalConfigurationException.class, e -> {
                    assertThat(e.code()).isEqualTo(CoreError.INVALID_CONFIGURATION);
                    assertThat(e.problems()).containsExactly("delegate must be set (was null)");
                });
    }
}
