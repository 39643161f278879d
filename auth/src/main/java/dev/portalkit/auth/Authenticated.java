package dev.portalkit.auth;

/** Who a session token belongs to. */
public record Authenticated(User user, Session session) {

    public Role role() {
        return user.role();
    }
}
