package dev.portalkit.examples.spring;

import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.Authenticated;
import dev.portalkit.core.CallContext;
import dev.portalkit.examples.HttpError;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is calling: the PortalKit session behind the request's cookie (or {@code Authorization: Bearer}),
 * the client's address and agent, and the request id. A controller method takes one as a parameter
 * ({@link WebConfig} resolves it) and asks for {@link #user()} where a member is required, so an
 * anonymous request to a member's endpoint is a 401 whatever its body.
 */
final class Caller {

    /** A token is 43 base64url characters; anything much longer cannot be one and is not looked up. */
    private static final int MAX_TOKEN_LENGTH = 100;

    private final HttpServletRequest request;
    private final AuthService auth;
    private final SessionCookies cookies;
    private Optional<Authenticated> session;

    Caller(HttpServletRequest request, AuthService auth, SessionCookies cookies) {
        this.request = request;
        this.auth = auth;
        this.cookies = cookies;
    }

    /** The session token: {@code Authorization: Bearer} for API clients, else the page's cookie. */
    String token() {
        String authz = request.getHeader("Authorization");
        if (authz != null && authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authz.substring(7).strip();
        }
        return cookies.token(request);
    }

    /** A token that cannot be one (too long) counts as none. */
    String usableToken() {
        String token = token();
        return token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH ? null : token;
    }

    Optional<Authenticated> session() {
        if (session == null) {
            String token = usableToken();
            session = token == null ? Optional.empty() : auth.authenticate(token);
        }
        return session;
    }

    /** The signed-in user, or 401. */
    Authenticated user() {
        return session().orElseThrow(HttpError::unauthorized);
    }

    String header(String name) {
        return request.getHeader(name);
    }

    String requestId() {
        return RequestLog.requestId(request);
    }

    String ip() {
        String ip = request.getRemoteAddr();
        int scope = ip.indexOf('%');
        return scope >= 0 ? ip.substring(0, scope) : ip;
    }

    /** Who acts: the signed-in user (if any), the client address and agent, and this request's id. */
    CallContext context() {
        UUID actor = session().map(a -> a.user().id()).orElse(null);
        return new CallContext(actor, ip(), header("User-Agent"), requestId());
    }

    /** For sign-up and login: the client, but never the user of a session cookie it may still send. */
    CallContext anonymousContext() {
        return new CallContext(null, ip(), header("User-Agent"), requestId());
    }
}
