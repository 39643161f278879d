package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void rolesAreOrdered() {
        assertThat(Role.OWNER.hasAtLeast(Role.ADMIN)).isTrue();
        assertThat(Role.STAFF.hasAtLeast(Role.ADMIN)).isFalse();
        assertThat(Role.ADMIN.andBelow()).containsExactly("MEMBER", "STAFF", "ADMIN");
    }
}
