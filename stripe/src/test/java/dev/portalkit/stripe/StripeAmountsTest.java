package dev.portalkit.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.stripe.internal.StripeAmounts;
import org.junit.jupiter.api.Test;

/** PortalKit's minor units (ISO 4217) to Stripe's amounts. */
class StripeAmountsTest {

    @Test
    void twoDecimalAndIsoZeroDecimalCurrenciesAreSentAsTheyAre() {
        assertThat(StripeAmounts.toStripe(1999, "USD")).isEqualTo(1999);
        assertThat(StripeAmounts.toStripe(500, "JPY")).isEqualTo(500);
        assertThat(StripeAmounts.toStripe(1000, "KRW")).isEqualTo(1000);
        assertThat(StripeAmounts.toStripe(150, "XOF")).isEqualTo(150);
        assertThat(StripeAmounts.stripeCurrency("EUR")).isEqualTo("eur");
    }

    @Test
    void currenciesWhoseDigitsDifferAtStripeAreConvertedExactlyOrRefused() {
        // MGA: 2 digits in ISO 4217, zero-decimal at Stripe
        assertThat(StripeAmounts.toStripe(12300, "MGA")).isEqualTo(123);
        assertThat(StripeAmounts.refusal(12345, "MGA")).contains("zero-decimal");
        // ISK: 0 digits in ISO 4217, two at Stripe
        assertThat(StripeAmounts.toStripe(5, "ISK")).isEqualTo(500);
        assertThat(StripeAmounts.refusal(Long.MAX_VALUE, "ISK")).contains("too large");
        // three-decimal currencies: the last digit must be 0
        assertThat(StripeAmounts.toStripe(1230, "KWD")).isEqualTo(1230);
        assertThat(StripeAmounts.refusal(1235, "KWD")).contains("end in 0");
    }

    @Test
    void badInputIsARefusalNeverAnException() {
        assertThat(StripeAmounts.refusal(0, "USD")).isNotNull();
        assertThat(StripeAmounts.refusal(-1, "USD")).isNotNull();
        assertThat(StripeAmounts.refusal(Long.MIN_VALUE, "JPY")).isNotNull();
        assertThat(StripeAmounts.refusal(100, null)).isNotNull();
        assertThat(StripeAmounts.refusal(100, "usd")).isNotNull();
        assertThat(StripeAmounts.refusal(100, "ZZZ")).isNotNull();
        assertThat(StripeAmounts.refusal(100, "XXX")).isNotNull(); // no minor units
        assertThat(StripeAmounts.refusal(Long.MAX_VALUE, "USD")).isNull();
    }
}
