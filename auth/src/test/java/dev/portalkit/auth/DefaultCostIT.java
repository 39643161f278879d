package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.PortalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mindrot.jbcrypt.BCrypt;

/** The one test at the default cost (12). */
class DefaultCostIT {

    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder().install(new AuthModule()).build();

    @Test
    void anOlderCostIsRaisedToTwelveAfterASuccessfulLoginOnly() {
        assertThat(new AuthModule().options().bcryptCost()).isEqualTo(12);
        User u = AuthTests.register(kit, "cost");
        assertThat(AuthDb.passwordHash(kit, u.id())).startsWith("$2a$12$");

        AuthDb.setPasswordHash(kit, u.id(), BCrypt.hashpw(AuthTests.PASSWORD, BCrypt.gensalt(10)));
        AuthService auth = AuthTests.auth(kit);
        assertThatThrownBy(() -> auth.login(u.email(), "a wrong password", false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThat(AuthDb.passwordHash(kit, u.id())).startsWith("$2a$10$");
        auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        assertThat(AuthDb.passwordHash(kit, u.id())).startsWith("$2a$12$");
        auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
    }
}
