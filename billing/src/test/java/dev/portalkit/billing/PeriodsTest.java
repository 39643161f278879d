package dev.portalkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.billing.internal.Periods;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class PeriodsTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void aJanuary31AnchorEndsPeriodsOnTheLastDayOfShortMonthsAndComesBack() {
        Instant anchor = Instant.parse("2028-01-31T09:00:00Z"); // 10:00 in Paris
        assertThat(Periods.end(anchor, PARIS, BillingInterval.MONTH, 1, 0)).isEqualTo(Instant.parse("2028-02-29T09:00:00Z"));
        assertThat(Periods.end(anchor, PARIS, BillingInterval.MONTH, 1, 1)).isEqualTo(Instant.parse("2028-03-31T08:00:00Z"));
        assertThat(Periods.end(anchor, PARIS, BillingInterval.MONTH, 1, 2)).isEqualTo(Instant.parse("2028-04-30T08:00:00Z"));
        assertThat(Periods.end(anchor, PARIS, BillingInterval.MONTH, 3, 0)).isEqualTo(Instant.parse("2028-04-30T08:00:00Z"));
    }

    @Test
    void yearlyPeriodsFromFebruary29EndOnFebruary28() {
        Instant anchor = Instant.parse("2028-02-29T12:00:00Z");
        ZoneId utc = ZoneId.of("UTC");
        assertThat(Periods.end(anchor, utc, BillingInterval.YEAR, 1, 0)).isEqualTo(Instant.parse("2029-02-28T12:00:00Z"));
        assertThat(Periods.end(anchor, utc, BillingInterval.YEAR, 1, 3)).isEqualTo(Instant.parse("2032-02-29T12:00:00Z"));
        assertThat(Periods.end(anchor, utc, BillingInterval.ONE_TIME, 1, 0)).isNull();
    }
}
