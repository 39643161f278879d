package dev.portalkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryPaymentGatewayTest {

    @Test
    void referencesAreNumberedAsStringFormatPadsThem() {
        for (int n : new int[] {0, 1, 9, 10, 99_999, 100_000, 999_999, 1_000_000, 123_456_789, Integer.MAX_VALUE,
                -1, -12_345, Integer.MIN_VALUE}) {
            assertThat(InMemoryPaymentGateway.reference("ch_", n)).as("%d", n).isEqualTo(String.format("ch_%06d", n));
        }
    }
}
