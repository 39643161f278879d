package dev.portalkit.examples.spring;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The session cookie: PortalKit's session token, {@code HttpOnly} (page scripts never see it),
 * {@code SameSite=Strict}, {@code Path=/}, never a {@code Domain}. The session itself is PortalKit's
 * ({@code AuthService}); no servlet {@code HttpSession} is created.
 *
 * <p>With {@code example.cookie-secure=true} the name is {@code __Host-pk_session} and the cookie
 * {@code Secure}: a browser keeps a {@code __Host-} cookie only when it is Secure, has {@code Path=/}
 * and no {@code Domain}, from an HTTPS origin, so neither a sibling subdomain nor a plain-HTTP response
 * can plant or overwrite it (session fixation). Only that name is read then: a bare {@code pk_session}
 * someone else set is ignored.
 */
@Component
final class SessionCookies {

    static final String NAME = "pk_session";
    static final String SECURE_NAME = "__Host-" + NAME;
    static final Duration REMEMBER_ME = Duration.ofDays(30);

    private final boolean secure;
    private final String name;

    SessionCookies(ExampleProperties properties) {
        this.secure = properties.cookieSecure();
        this.name = secure ? SECURE_NAME : NAME;
    }

    /** The Set-Cookie value after a login; a remember-me cookie outlives the browser session. */
    String session(String token, boolean rememberMe) {
        ResponseCookie.ResponseCookieBuilder c = base(token);
        if (rememberMe) {
            c.maxAge(REMEMBER_ME);
        }
        return c.build().toString();
    }

    /** The Set-Cookie value that removes the cookie (logout, a 401). */
    String cleared() {
        return base("").maxAge(Duration.ZERO).build().toString();
    }

    private ResponseCookie.ResponseCookieBuilder base(String value) {
        return ResponseCookie.from(name, value).path("/").httpOnly(true).sameSite("Strict").secure(secure);
    }

    /** The token in the request's cookie of this name only, or null. */
    String token(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (c.getName().equals(name)) {
                    return c.getValue() == null || c.getValue().isEmpty() ? null : c.getValue();
                }
            }
        }
        return null;
    }
}
