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

    @Test
    void rolesAreOrdered() {
        assertThat(Role.OWNER.hasAtLeast(Role.ADMIN)).isTrue();
        assertThat(Role.STAFF.hasAtLeast(Role.ADMIN)).isFalse();
        assertThat(Role.ADMIN.andBelow()).containsExactly("MEMBER", "STAFF", "ADMIN");
    }
}
