package dev.portalkit.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.PortalConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ContentOptionsTest {

    @Test
    void optionsHaveDocumentedDefaults() {
        ContentOptions o = ContentOptions.defaults();
        assertThat(o.defaultRateLimit()).isEqualTo(new ContentOptions.RateLimit(5, Duration.ofMinutes(10)));
        assertThat(o.maxMessageLength()).isEqualTo(5000);
        assertThat(o.maxStepsPerCard()).isEqualTo(200);
        assertThat(o.rateLimitFor("contact")).isEqualTo(o.defaultRateLimit());
    }

    @Test
    void perFormRateLimitsOverrideTheDefault() {
        ContentOptions o = ContentOptions.builder().rateLimit(10, Duration.ofHours(1))
                .rateLimit("newsletter", 0, Duration.ofMinutes(1)).build();
        assertThat(o.rateLimitFor("newsletter").enabled()).isFalse();
        assertThat(o.rateLimitFor("contact")).isEqualTo(new ContentOptions.RateLimit(10, Duration.ofHours(1)));
    }

    @Test
    void badOptionsAreRefusedNamingEachOne() {
        assertThatThrownBy(() -> ContentOptions.builder().rateLimit(-1, Duration.ZERO).maxMessageLength(0)
                .maxStepsPerCard(0).rateLimit("Bad Key", 1, Duration.ofMinutes(1)).build())
                .isInstanceOf(PortalConfigurationException.class)
                .hasMessageContaining("PK-1000")
                .hasMessageContaining("maxSubmissions")
                .hasMessageContaining("window")
                .hasMessageContaining("maxMessageLength")
                .hasMessageContaining("maxStepsPerCard")
                .hasMessageContaining("Bad Key");
    }

    @Test
    void twoBadSettingsAreTwoProblemsInOneException() {
        assertThatThrownBy(() -> ContentOptions.builder().maxMessageLength(20_001).maxStepsPerCard(10_001).build())
                .isInstanceOfSatisfying(PortalConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        "maxMessageLength is 20001: use 1 to 20000 (default 5000)",
                        "maxStepsPerCard is 10001: use 1 to 10000 (default 200)"));
    }

    @Test
    void missingOrTooLongWindowsAndNullKeysAreProblemsNotNullPointers() {
        assertThatThrownBy(() -> ContentOptions.builder().rateLimit(5, null)
                .rateLimit(null, 1, Duration.ofMinutes(1)).rateLimit("contact", 1, Duration.ofDays(31)).build())
                .isInstanceOfSatisfying(PortalConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        "rateLimit window must be positive and at most 30 days (default 10 minutes), was null",
                        "rateLimit form key 'null' is not a form key (lowercase letters, digits, . _ -)",
                        "rateLimit(contact) window must be positive and at most 30 days (default 10 minutes), was PT744H"));
    }

    @Test
    void theRecordChecksWhatTheBuilderChecks() {
        assertThatThrownBy(() -> new ContentOptions(null, null, 5000, 200))
                .isInstanceOfSatisfying(PortalConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly("rateLimit must be set (was null)", "rateLimits must be set (was null)"));
    }
}
