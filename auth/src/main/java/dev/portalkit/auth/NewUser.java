package dev.portalkit.auth;

import dev.portalkit.core.spi.Values;
import java.util.Map;

/**
 * What {@link UserService#register} needs.
 *
 * @param email       a valid address, at most 254 characters; compared case-insensitively
 * @param password    12 characters to 72 UTF-8 bytes, not the e-mail, not a common password
 * @param displayName 1 to 100 characters: letters, digits, spaces and {@code . ' - _}
 * @param role        {@code null} means {@link Role#MEMBER}
 */
public record NewUser(String email, String password, String displayName, Role role, Map<String, Object> metadata) {

    public NewUser {
        metadata = Values.copy(metadata);
    }

    public static NewUser member(String email, String password, String displayName) {
        return new NewUser(email, password, displayName, Role.MEMBER, Map.of());
    }

    public NewUser withRole(Role r) {
        return new NewUser(email, password, displayName, r, metadata);
    }

    @Override
    public String toString() {
        return "NewUser[email=" + email + ", displayName=" + displayName + ", role=" + role + ", password=***]";
    }
}
