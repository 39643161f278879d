package dev.portalkit.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.billing.internal.Proration;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"JPY", "USD", "KWD"})
    void linesAlwaysSumExactlyToTheTotalAndStayWithinThePrices(String currency) {
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        long unit = (long) Math.pow(10, digits); // JPY 1, USD 100, KWD 1000 minor units per major unit
        Random random = new Random(42 + digits);
        Instant start = Instant.parse("2026-01-31T10:00:00Z");
        for (int i = 0; i < 5000; i++) {
            long oldAmount = random.nextInt(10_000) * unit + random.nextInt((int) unit);
            long newAmount = oldAmount + 1 + random.nextInt(100_000) * unit / 7;
            Instant end = start.plus(Duration.ofDays(28 + random.nextInt(338)));
            long span = Duration.between(start, end).toMillis();
            Instant at = start.plusMillis((long) (random.nextDouble() * span));
            boolean restarts = random.nextBoolean();
            Proration.Result r = Proration.upgrade(oldAmount, newAmount, start, end, at, restarts);
            assertThat(r.items().stream().mapToLong(LineItem::amountMinor).sum()).isEqualTo(r.total());
            long credit = r.items().get(0).amountMinor();
            long charge = r.items().get(1).amountMinor();
            assertThat(credit).isBetween(-oldAmount, 0L);
            assertThat(charge).isBetween(0L, newAmount);
            assertThat(r.total()).isGreaterThanOrEqualTo(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"JPY", "USD", "KWD"})
    void halfAPeriodLeftCostsHalfThePriceRoundedHalfUp(String currency) {
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        Instant end = start.plus(Duration.ofDays(30));
        Instant middle = start.plus(Duration.ofDays(15));
        assertThat(Proration.share(1001, start, end, middle)).isEqualTo(501);
        assertThat(Proration.share(1000, start, end, middle)).isEqualTo(500);
        assertThat(Proration.share(1000, start, end, end)).isZero();
        assertThat(Proration.share(1000, start, end, start)).isEqualTo(1000);
        assertThat(Proration.share(Long.MAX_VALUE / 4, start, end, middle)).isEqualTo(Long.MAX_VALUE / 8 + 1);
    }
}
