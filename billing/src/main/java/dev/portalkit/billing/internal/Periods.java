package dev.portalkit.billing.internal;

import dev.portalkit.billing.BillingInterval;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Billing period arithmetic. Period {@code n} ends at anchor + (n + 1) intervals in the billing
 * zone, always counted from the anchor: a Jan 31 anchor gives Feb 28 (or 29), then Mar 31, never
 * drifting to the 28th. Not API.
 */
public final class Periods {

    private Periods() {
    }

    /** The end of period {@code index}; {@code null} for ONE_TIME. */
    public static Instant end(Instant anchor, ZoneId zone, BillingInterval interval, int count, int index) {
        ZonedDateTime a = anchor.atZone(zone);
        long n = (long) count * (index + 1);
        return switch (interval) {
            case MONTH -> a.plusMonths(n).toInstant();
            case YEAR -> a.plusYears(n).toInstant();
            case ONE_TIME -> null;
        };
    }

    /** How many months one period lasts (for comparing prices); 0 for ONE_TIME. */
    static long months(BillingInterval interval, int count) {
        return switch (interval) {
            case MONTH -> count;
            case YEAR -> 12L * count;
            case ONE_TIME -> 0;
        };
    }
}
