package dev.portalkit.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.PortalConfigurationException;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@link BillingOptions}: the documented defaults, and bad settings reported as PK-1000, every one at once. */
class BillingOptionsTest {

    @Test
    void optionsHaveDocumentedDefaultsAndRefuseNonsense() {
        BillingOptions o = BillingOptions.defaults();
        assertThat(o.gateway()).isInstanceOf(InMemoryPaymentGateway.class);
        assertThat(o.retrySchedule()).containsExactly(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(5), Duration.ofDays(7));
        assertThat(o.afterRetries()).isEqualTo(SubscriptionStatus.UNPAID);
        assertThat(o.gracePeriod()).isEqualTo(Duration.ofDays(7));
        assertThat(o.cancellationCutoff()).isEqualTo(Duration.ofHours(24));
        assertThat(o.holdTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(o.minimumNotice()).isEqualTo(Duration.ofMinutes(120));
        assertThat(o.bookingHorizon()).isEqualTo(Duration.ofDays(60));
        assertThatThrownBy(() -> BillingOptions.builder().retrySchedule(Duration.ofDays(3), Duration.ofDays(1)).build())
                .isInstanceOf(PortalConfigurationException.class).hasMessageContaining("retrySchedule");
        assertThatThrownBy(() -> BillingOptions.builder().afterRetries(SubscriptionStatus.ACTIVE).build())
                .isInstanceOf(PortalConfigurationException.class).hasMessageContaining("afterRetries");
    }

    @Test
    void everyBadSettingIsReportedAtOnceAsPk1000() {
        PortalConfigurationException e = catchThrowableOfType(
                () -> BillingOptions.builder().holdTtl(Duration.ZERO).afterRetries(SubscriptionStatus.PAST_DUE).build(),
                PortalConfigurationException.class);
        assertThat(e.code()).isEqualTo(CoreError.INVALID_CONFIGURATION);
        assertThat(e.getMessage()).startsWith("[PK-1000]");
        assertThat(e.problems()).containsExactly(
                "afterRetries must be UNPAID or CANCELED (default UNPAID), was PAST_DUE",
                "holdTtl must be positive and at most 36500 days, was PT0S");
    }

    @Test
    void missingAndNullSettingsAreProblemsNotNullPointers() {
        assertThatThrownBy(() -> BillingOptions.builder().defaultBillingZone(null).build())
                .isInstanceOf(PortalConfigurationException.class).hasMessageContaining("defaultBillingZone must be set");
        assertThatThrownBy(() -> BillingOptions.builder().retrySchedule(Duration.ofDays(1), null).build())
                .isInstanceOf(PortalConfigurationException.class)
                .hasMessageContaining("retrySchedule offsets must be positive and increasing");
        assertThatThrownBy(() -> BillingOptions.builder().retrySchedule(Duration.ofDays(1), Duration.ofDays(36_501)).build())
                .isInstanceOf(PortalConfigurationException.class).hasMessageContaining("each at most 36500 days");
        assertThatThrownBy(() -> BillingOptions.builder().retrySchedule().build())
                .isInstanceOf(PortalConfigurationException.class).hasMessageContaining("at least one offset");
        assertThatThrownBy(() -> BillingOptions.builder().staleAfter(null).cancellationCutoff(Duration.ofHours(-1))
                .gracePeriod(Duration.ofDays(-1)).build())
                .isInstanceOfSatisfying(PortalConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        "staleAfter must be set (was null)",
                        "cancellationCutoff must be zero or more and at most 36500 days, was PT-1H",
                        "gracePeriod must be zero or more and at most 36500 days, was PT-24H"));
        assertThatThrownBy(() -> BillingOptions.builder().renewalLease(Duration.ofDays(36_501))
                .minimumNotice(Duration.ofDays(36_501)).build())
                .isInstanceOfSatisfying(PortalConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        "renewalLease must be positive and at most 36500 days, was PT876024H",
                        "minimumNotice must be zero or more and at most 36500 days, was PT876024H"));
        BillingOptions ok = BillingOptions.builder().defaultBillingZone(ZoneOffset.ofHours(2)).gracePeriod(Duration.ZERO)
                .minimumNotice(Duration.ZERO).cancellationCutoff(Duration.ZERO).build();
        assertThat(ok.gracePeriod()).isZero();
    }

    @Test
    void reminderOffsetsDefaultTo24HoursAnd1HourAndRefuseNonsense() {
        assertThat(BillingOptions.defaults().reminderOffsets()).containsExactly(Duration.ofHours(24), Duration.ofHours(1));
        assertThat(BillingOptions.defaults().reminderSender()).isNull();
        assertThat(BillingOptions.builder().reminderOffsets().build().reminderOffsets()).isEmpty();
        assertThat(BillingOptions.builder().reminderOffsets(Duration.ofDays(30), Duration.ofSeconds(1)).build()
                .reminderOffsets()).containsExactly(Duration.ofDays(30), Duration.ofSeconds(1));
        Duration[][] bad = {
                {Duration.ZERO}, {Duration.ofHours(-1)}, {Duration.ofHours(1), Duration.ofHours(1)},
                {Duration.ofDays(30).plusSeconds(1)}, {Duration.ofMillis(1500)}, {Duration.ofHours(1), null},
                {Duration.ofSeconds(Long.MAX_VALUE)}, java.util.stream.IntStream.rangeClosed(1, 11)
                        .mapToObj(Duration::ofMinutes).toArray(Duration[]::new)};
        for (Duration[] offsets : bad) {
            assertThatThrownBy(() -> BillingOptions.builder().reminderOffsets(offsets).build())
                    .as(java.util.Arrays.toString(offsets)).isInstanceOf(PortalConfigurationException.class)
                    .hasMessageContaining("reminderOffsets must be at most 10 different offsets");
        }
        assertThatThrownBy(() -> BillingOptions.builder().reminderOffsets((Duration[]) null).build())
                .isInstanceOf(PortalConfigurationException.class).hasMessageContaining("reminderOffsets must be set");
    }
}
