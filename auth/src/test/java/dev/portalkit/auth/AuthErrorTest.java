package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AuthErrorTest {

    @Test
    void codesAreUniqueAndInTheAuthRange() {
        assertThat(Arrays.stream(AuthError.values()).map(AuthError::number).distinct().count())
                .isEqualTo(AuthError.values().length);
        assertThat(AuthError.values()).allMatch(e -> e.number() >= 2000 && e.number() < 3000);
    }

    /** What the enum's own template() and retryable() said before the constants carried @Message. */
    @Test
    void everyCodeHasItsTemplateAndOnlyTheLimitsThatPassWithTimeAreRetryable() {
        assertThat(AuthError.values()).allSatisfy(e -> assertThat(e.template()).isNotBlank());
        assertThat(AuthError.INVALID_CREDENTIALS.template()).isEqualTo("Invalid e-mail or password");
        assertThat(Arrays.stream(AuthError.values()).filter(AuthError::retryable))
                .containsExactly(AuthError.RESET_LIMITED, AuthError.HASHING_BUSY);
    }
}
