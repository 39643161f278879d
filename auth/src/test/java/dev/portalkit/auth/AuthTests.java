package dev.portalkit.auth;

import dev.portalkit.core.CallContext;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestData;
import java.time.Clock;
import java.util.function.UnaryOperator;

/** The auth suite's support: a Portal with auth installed on a fresh database, bcrypt at cost 4. */
final class AuthTests {

    static final String PASSWORD = "correct horse battery";
    static final CallContext CLIENT = CallContext.anonymous("203.0.113.9", "JUnit browser");

    private AuthTests() {
    }

    static PortalExtension portal() {
        return portal(o -> o, null);
    }

    /** The default options (bcrypt at cost 4) on {@code clock}. */
    static PortalExtension portal(Clock clock) {
        return portal(o -> o, clock);
    }

    /** Auth with the options {@code options} makes of cost 4, on {@code clock} (null: the system clock). */
    static PortalExtension portal(UnaryOperator<AuthOptions.Builder> options, Clock clock) {
        AuthOptions built = options.apply(AuthOptions.builder().bcryptCost(4)).build();
        return PortalExtension.builder().install(new AuthModule(built)).clock(clock).build();
    }

    /** A new MEMBER with a unique e-mail and {@link #PASSWORD}. */
    static User register(PortalExtension kit, String name) {
        return users(kit).register(NewUser.member(TestData.email(name), PASSWORD, name), CLIENT);
    }

    /** A login of {@code user} with {@link #PASSWORD}, not remembered. */
    static Login login(PortalExtension kit, User user) {
        return auth(kit).login(user.email(), PASSWORD, false, CLIENT);
    }

    static UserService users(PortalExtension kit) {
        return kit.portal().service(UserService.class);
    }

    static AuthService auth(PortalExtension kit) {
        return kit.portal().service(AuthService.class);
    }

    static PasswordResetService resets(PortalExtension kit) {
        return kit.portal().service(PasswordResetService.class);
    }
}
