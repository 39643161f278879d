package dev.portalkit.billing;

import dev.portalkit.core.ValidationException;
import java.math.BigDecimal;
import java.util.Currency;

/**
 * An amount in minor units of an ISO 4217 currency, as PortalKit stores money ({@code amount_minor
 * bigint} + {@code currency char(3)}): never a float. The number of minor digits comes from
 * {@link Currency}: JPY has 0, USD 2, KWD 3.
 */
public record Money(long amountMinor, String currency) {

    public Money {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new ValidationException("currency", "must be an ISO 4217 code such as USD");
        }
        int digits;
        try {
            digits = Currency.getInstance(currency).getDefaultFractionDigits();
        } catch (IllegalArgumentException e) {
            throw new ValidationException("currency", "is not an ISO 4217 currency");
        }
        if (digits < 0) {
            throw new ValidationException("currency", "must be a currency with minor units, not " + currency);
        }
    }

    /** How many minor digits the currency has (JPY 0, USD 2, KWD 3). */
    public int minorDigits() {
        return Currency.getInstance(currency).getDefaultFractionDigits();
    }

    /** The amount in major units, exactly: 12345 KWD minor units is 12.345. */
    public BigDecimal toDecimal() {
        return BigDecimal.valueOf(amountMinor, minorDigits());
    }

    /**
     * From an amount in major units; refuses more fractional digits than the currency has
     * (0.5 JPY, 1.005 USD) instead of rounding money silently.
     */
    public static Money ofMajor(BigDecimal amount, String currency) {
        Money zero = new Money(0, currency);
        try {
            return new Money(amount.movePointRight(zero.minorDigits()).longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw new ValidationException("amount", "has more decimals than " + currency + " allows ("
                    + zero.minorDigits() + ") or is too large");
        }
    }

    @Override
    public String toString() {
        return toDecimal().toPlainString() + " " + currency;
    }
}
