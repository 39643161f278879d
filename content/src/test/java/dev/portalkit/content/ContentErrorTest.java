package dev.portalkit.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContentErrorTest {

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
    void theRetiredNotFoundNumbersStayReservedAndDeprecated() throws NoSuchFieldException {
        for (String name : new String[] {"CARD_NOT_FOUND", "STEP_NOT_FOUND", "TIMELINE_ITEM_NOT_FOUND", "SUBMISSION_NOT_FOUND"}) {
            assertThat(ContentError.class.getField(name).isAnnotationPresent(Deprecated.class)).as(name).isTrue();
        }
        assertThat(Arrays.stream(ContentError.values()).map(ContentError::number))
                .contains(4002, 4003, 4004, 4005);
    }
}
