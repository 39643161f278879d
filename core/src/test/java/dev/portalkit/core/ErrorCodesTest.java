package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Core's own codes; ranges, uniqueness and templates of every module's codes: resilience's ErrorCodesTest. */
class ErrorCodesTest {

    @Test
    void onlyRacesAndOutagesAreRetryable() {
        assertThat(Arrays.stream(CoreError.values()).filter(CoreError::retryable))
                .containsExactlyInAnyOrder(CoreError.SERIALIZATION_FAILURE, CoreError.DEADLOCK, CoreError.DATABASE_UNAVAILABLE);
    }

    @Test
    void messagesCarryTheCode() {
        assertThat(new NotFoundException("User", "42").getMessage()).isEqualTo("[PK-1011] User 42 was not found");
    }
}
