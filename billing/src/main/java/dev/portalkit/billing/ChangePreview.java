package dev.portalkit.billing;

import dev.portalkit.core.spi.Values;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What {@link SubscriptionService#changeTier} would do, computed at {@code at}.
 *
 * @param timing     IMMEDIATE (upgrade: charged now, prorated), AT_PERIOD_END (downgrade, nothing
 *                   charged now) or IN_TRIAL (switched now, nothing charged)
 * @param totalMinor what is charged now: exactly the sum of {@code items}
 */
public record ChangePreview(UUID subscriptionId, UUID fromTierId, UUID toTierId, Timing timing, Instant at,
                            Instant effectiveAt, List<LineItem> items, long totalMinor, String currency) {

    public enum Timing { IMMEDIATE, AT_PERIOD_END, IN_TRIAL }

    public ChangePreview {
        items = Values.copy(items);
    }
}
