package dev.portalkit.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.ValidationException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void minorDigitsComeFromTheCurrency() {
        assertThat(new Money(500, "JPY").toDecimal()).isEqualByComparingTo("500");
        assertThat(new Money(12345, "USD").toDecimal()).isEqualByComparingTo("123.45");
        assertThat(new Money(12345, "KWD").toDecimal()).isEqualByComparingTo("12.345");
        assertThat(new Money(12345, "KWD")).hasToString("12.345 KWD");
        assertThat(Money.ofMajor(new BigDecimal("19.99"), "USD").amountMinor()).isEqualTo(1999);
        assertThat(Money.ofMajor(new BigDecimal("1.5"), "KWD").amountMinor()).isEqualTo(1500);
    }

    @Test
    void moneyIsNeverRoundedSilentlyAndUnknownCurrenciesAreRefused() {
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("0.5"), "JPY")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("1.005"), "USD")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new Money(1, "ABC")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new Money(1, "XXX")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new Money(1, "usd")).isInstanceOf(ValidationException.class);
    }
}
