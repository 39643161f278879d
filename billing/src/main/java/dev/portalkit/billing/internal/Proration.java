package dev.portalkit.billing.internal;

import dev.portalkit.billing.LineItem;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Proration in whole minor units. Each line is rounded on its own (half up, on the exact fraction
 * of the period left, in milliseconds) and the total is the sum of the rounded lines, so the lines
 * always add up to it exactly, in any currency. Not API.
 */
public final class Proration {

    private Proration() {
    }

    /** The amounts of an immediate change at {@code at}. */
    public record Result(List<LineItem> items, long total) {
    }

    /**
     * @param restartsPeriod the new tier has another interval: the new price is charged in full for a
     *                       period starting now, instead of prorated over the rest of this one
     */
    public static Result upgrade(long oldAmount, long newAmount, Instant periodStart, Instant periodEnd, Instant at,
                                 boolean restartsPeriod) {
        long credit = -share(oldAmount, periodStart, periodEnd, at);
        long charge = restartsPeriod ? newAmount : share(newAmount, periodStart, periodEnd, at);
        List<LineItem> items = List.of(new LineItem("Unused time on the current tier", credit),
                new LineItem(restartsPeriod ? "New tier, full period" : "Remaining time on the new tier", charge));
        return new Result(items, Math.addExact(credit, charge));
    }

    /** {@code amount} times the part of [start, end) left after {@code at}, rounded half up. */
    public static long share(long amount, Instant start, Instant end, Instant at) {
        long total = Duration.between(start, end).toMillis();
        if (total <= 0 || !at.isBefore(end)) {
            return 0;
        }
        long left = Math.min(total, Duration.between(at.isBefore(start) ? start : at, end).toMillis());
        return new BigDecimal(BigInteger.valueOf(amount).multiply(BigInteger.valueOf(left)))
                .divide(BigDecimal.valueOf(total), 0, RoundingMode.HALF_UP)
                .longValueExact();
    }
}
