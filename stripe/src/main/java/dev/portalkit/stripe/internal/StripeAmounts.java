package dev.portalkit.stripe.internal;

import java.util.Currency;
import java.util.Locale;
import java.util.Set;

/**
 * PortalKit's minor units (ISO 4217's digits, from {@link Currency}: JPY 0, USD 2, KWD 3) to Stripe's amount
 * ("the smallest currency unit" in Stripe's own table), and back. They differ where Stripe is zero-decimal and
 * ISO is not (MGA: ISO 2 digits, Stripe 0) and for ISK (ISO 0, Stripe 2 digits). Stripe's three-decimal
 * currencies (BHD, JOD, KWD, OMR, TND) take amounts whose last digit is 0. An amount that cannot be
 * represented exactly is refused, never rounded. Not API.
 */
public final class StripeAmounts {

    /** Stripe's zero-decimal currencies (its documented list). */
    static final Set<String> ZERO_DECIMAL = Set.of("BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG",
            "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF");
    static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");
    /** Zero digits in ISO 4217, two in Stripe's API (whose amounts must still be whole units). */
    static final Set<String> TWO_DECIMAL_OVER_ZERO = Set.of("ISK");

    private StripeAmounts() {
    }

    /** Why an amount cannot be sent, or {@code null} when it can. */
    public static String refusal(long amountMinor, String currency) {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            return "currency must be an ISO 4217 code";
        }
        int iso;
        try {
            iso = Currency.getInstance(currency).getDefaultFractionDigits();
        } catch (IllegalArgumentException e) {
            return currency + " is not an ISO 4217 currency";
        }
        if (iso < 0) {
            return currency + " has no minor units";
        }
        if (amountMinor <= 0) {
            return "amount must be more than zero";
        }
        int stripe = stripeDigits(currency, iso);
        if (stripe < iso) {
            long unit = pow10(iso - stripe);
            if (amountMinor % unit != 0) {
                return currency + " is zero-decimal at Stripe: the amount must be whole units (a multiple of " + unit
                        + " minor units)";
            }
        } else if (stripe > iso && amountMinor > Long.MAX_VALUE / pow10(stripe - iso)) {
            return "amount is too large";
        }
        if (THREE_DECIMAL.contains(currency) && toStripeUnchecked(amountMinor, currency, iso) % 10 != 0) {
            return currency + " amounts must end in 0 at Stripe (a multiple of 10 minor units)";
        }
        return null;
    }

    /** The amount as Stripe takes it; call {@link #refusal} first. */
    public static long toStripe(long amountMinor, String currency) {
        String why = refusal(amountMinor, currency);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        return toStripeUnchecked(amountMinor, currency, Currency.getInstance(currency).getDefaultFractionDigits());
    }

    /** Stripe's lowercase currency code. */
    public static String stripeCurrency(String currency) {
        return currency.toLowerCase(Locale.ROOT);
    }

    private static long toStripeUnchecked(long amountMinor, String currency, int iso) {
        int stripe = stripeDigits(currency, iso);
        return stripe >= iso ? amountMinor * pow10(stripe - iso) : amountMinor / pow10(iso - stripe);
    }

    private static int stripeDigits(String currency, int iso) {
        if (ZERO_DECIMAL.contains(currency)) {
            return 0;
        }
        return TWO_DECIMAL_OVER_ZERO.contains(currency) ? 2 : iso;
    }

    private static long pow10(int n) {
        long r = 1;
        for (int i = 0; i < n; i++) {
            r *= 10;
        }
        return r;
    }
}
