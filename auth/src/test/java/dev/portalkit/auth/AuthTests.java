package dev.portalkit.auth;

import dev.portalkit.core.CallContext;
import dev.portalkit.testing.PortalExtension;
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

    static PortalExtension portal(UnaryOperator<AuthOptions.Builder> options, Clock clock) {
        AuthOptions built = options.apply(AuthOptions.builder().bcryptCost(4)).build();
        return PortalExtension.builder()
                .install(new AuthModule(built))
                .configure(b -> {
                    if (clock != null) {
                        b.clock(clock);
                    }
                })
                .build();
    }

    /** A new MEMBER with a unique e-mail and {@link #PASSWORD}. */
    static User register(PortalExtension kit, String name) {
        return kit.portal().service(UserService.class)
                .register(NewUser.member(email(name), PASSWORD, name), CLIENT);
    }

    static String email(String name) {
        return name + "-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }
}
