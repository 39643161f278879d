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
    void anOlderCostIsRaisedToTwelveAfterASuccessfulLoginOnly() throws Exception {
        assertThat(new AuthModule().options().bcryptCost()).isEqualTo(12);
        UserService users = kit.portal().service(UserService.class);
        User u = users.register(NewUser.member(AuthTests.email("cost"), AuthTests.PASSWORD, "Cost"), AuthTests.CLIENT);
        assertThat(hash(u)).startsWith("$2a$12$");

        set(u, BCrypt.hashpw(AuthTests.PASSWORD, BCrypt.gensalt(10)));
        AuthService auth = kit.portal().service(AuthService.class);
        assertThatThrownBy(() -> auth.login(u.email(), "a wrong password", false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThat(hash(u)).startsWith("$2a$10$");
        auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        assertThat(hash(u)).startsWith("$2a$12$");
        auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
    }

    private static String hash(User u) throws Exception {
        try (var c = kit.portal().dataSource().getConnection();
             var ps = c.prepareStatement("SELECT password_hash FROM portal.users WHERE id = ?")) {
            ps.setObject(1, u.id());
            var rs = ps.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }

    private static void set(User u, String hash) throws Exception {
        try (var c = kit.portal().dataSource().getConnection();
             var ps = c.prepareStatement("UPDATE portal.users SET password_hash = ? WHERE id = ?")) {
            ps.setString(1, hash);
            ps.setObject(2, u.id());
            ps.executeUpdate();
        }
    }
}
