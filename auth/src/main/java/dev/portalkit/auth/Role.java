package dev.portalkit.auth;

import java.util.Arrays;
import java.util.List;

/** A user's role, ordered: OWNER > ADMIN > STAFF > MEMBER. */
public enum Role {
    MEMBER, STAFF, ADMIN, OWNER;

    /** Whether this role is {@code other} or above it. */
    public boolean hasAtLeast(Role other) {
        return compareTo(other) >= 0;
    }

    /**
     * The names of this role and every role below it: what a caller of this role may see, e.g.
     * {@code navigation.tree(user.role().andBelow())}.
     */
    public List<String> andBelow() {
        return Arrays.stream(values()).filter(this::hasAtLeast).map(Role::name).toList();
    }
}
