package dev.portalkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ErrorCodesTest {

    @Test
    void coreCodesAreUniqueAndInTheCoreRange() {
        Set<Integer> numbers = Arrays.stream(CoreError.values()).map(CoreError::number).collect(Collectors.toSet());
        assertThat(numbers).hasSize(CoreError.values().length);
        assertThat(numbers).allMatch(n -> n >= 1000 && n < 2000);
    }

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
