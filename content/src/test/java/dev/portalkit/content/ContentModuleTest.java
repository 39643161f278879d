package dev.portalkit.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContentModuleTest {

    @Test
    void errorCodesAreUniqueAndInTheContentRange() {
        Set<Integer> numbers = new HashSet<>();
        for (ContentError e : ContentError.values()) {
            assertThat(e.number()).isBetween(4000, 4999);
            assertThat(numbers.add(e.number())).as("duplicate %s", e).isTrue();
            assertThat(e.id()).isEqualTo("PK-" + e.number());
        }
        assertThat(Arrays.stream(ContentError.values()).filter(ContentError::retryable)).isEmpty();
    }

    @Test
    void installingContentWithoutAuthFailsNamingAuth() {
        assertThatThrownBy(() -> Portal.builder().jdbcUrl("jdbc:postgresql://h/db").install(new ContentModule()).build())
                .isInstanceOf(PortalConfigurationException.class)
                .hasMessageContaining("AuthModule");
    }

    @Test
    void optionsHaveDocumentedDefaults() {
        ContentOptions o = ContentOptions.defaults();
        assertThat(o.defaultRateLimit()).isEqualTo(new ContentOptions.RateLimit(5, Duration.ofMinutes(10)));
        assertThat(o.maxMessageLength()).isEqualTo(5000);
        assertThat(o.maxStepsPerCard()).isEqualTo(200);
        assertThat(o.rateLimitFor("contact")).isEqualTo(o.defaultRateLimit());
        assertThat(new ContentModule().name()).isEqualTo("content");
        assertThat(new ContentModule().migrationLocation()).isEqualTo("classpath:dev/portalkit/content/db/migration");
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
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSubmissions")
                .hasMessageContaining("window")
                .hasMessageContaining("maxMessageLength")
                .hasMessageContaining("maxStepsPerCard")
                .hasMessageContaining("Bad Key");
    }
}
