package dev.portalkit.examples.spring;

import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.Authenticated;
import dev.portalkit.auth.Login;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
import dev.portalkit.examples.Views;
import dev.portalkit.messaging.MessageService;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up, login, who am I, logout. The session is PortalKit's; the cookie only carries its token. */
@RestController
@RequestMapping("/api")
class AccountController {

    private final Members members;
    private final AuthService auth;
    private final MessageService messages;
    private final SessionCookies cookies;

    AccountController(Members members, AuthService auth, MessageService messages, SessionCookies cookies) {
        this.members = members;
        this.auth = auth;
        this.messages = messages;
        this.cookies = cookies;
    }

    /**
     * Registers a member, queues the welcome e-mail and writes the host's profile row in one transaction
     * ({@link Members#signUp}). {@code company} and {@code newsletter} are optional.
     */
    @PostMapping("/signup")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> signUp(JsonBody body, Caller caller) {
        NewUser input = NewUser.member(body.text("email"), body.text("password"), body.text("displayName"));
        User user = members.signUp(input, new Members.Profile(body.text("company"), body.flag("newsletter")),
                caller.anonymousContext());
        return Map.of("user", Views.user(user));
    }

    /**
     * Sets the session cookie (HttpOnly, SameSite=Strict: page scripts never see the token). An API
     * client that sends {@code "returnToken": true} also gets the token in the body, for an
     * {@code Authorization: Bearer} header.
     */
    @PostMapping("/login")
    ResponseEntity<Map<String, Object>> logIn(JsonBody body, Caller caller) {
        boolean rememberMe = body.flag("rememberMe");
        Login login = auth.login(body.text("email"), body.text("password"), rememberMe, caller.anonymousContext());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user", Views.user(login.user()));
        if (body.flag("returnToken")) {
            answer.put("token", login.token());
        }
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookies.session(login.token(), rememberMe)).body(answer);
    }

    /** The signed-in user, the unread message count, and the host's profile (null for the seeded accounts). */
    @GetMapping("/me")
    Map<String, Object> me(Caller caller) {
        Authenticated a = caller.user();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user", Views.user(a.user()));
        answer.put("unreadMessages", messages.unreadCount(a.user().id()));
        answer.put("profile", members.profile(a.user().id()).map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("company", p.company());
            m.put("newsletter", p.newsletter());
            return m;
        }).orElse(null));
        return answer;
    }

    /** Ends the session if there is one; answers 204 either way, and clears the cookie. */
    @PostMapping("/logout")
    ResponseEntity<Void> logOut(Caller caller) {
        String token = caller.usableToken();
        if (token != null) {
            auth.logout(token, caller.context());
        }
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookies.cleared()).build();
    }
}
