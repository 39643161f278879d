package dev.portalkit.auth;

/**
 * Filters for {@link UserService#list}; {@code null} matches everything. Newest first.
 *
 * @param text a case-insensitive substring of the e-mail or display name
 */
public record UserQuery(Role role, UserStatus status, String text) {

    public static UserQuery all() {
        return new UserQuery(null, null, null);
    }

    public UserQuery withRole(Role r) {
        return new UserQuery(r, status, text);
    }

    public UserQuery withStatus(UserStatus s) {
        return new UserQuery(role, s, text);
    }

    public UserQuery matching(String t) {
        return new UserQuery(role, status, t);
    }
}
