package dev.portalkit.auth;

/**
 * A successful login. The token is shown here once; PortalKit keeps only its SHA-256. Give it to
 * the client (e.g. in an HttpOnly, Secure cookie) and pass it to {@link AuthService#authenticate}.
 */
public record Login(String token, Session session, User user) implements SignIn {

    @Override
    public String toString() {
        return "Login[session=" + session.id() + ", user=" + user.id() + ", token=***]";
    }
}
