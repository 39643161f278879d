package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoginSmokeIT {

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal();

    @Test
    void registerLoginAuthenticateLogout() {
        UserService users = kit.portal().service(UserService.class);
        AuthService auth = kit.portal().service(AuthService.class);
        String email = TestData.email("ann");
        User ann = users.register(NewUser.member(email, AuthTests.PASSWORD, "Ann O'Neil"), AuthTests.CLIENT);
        assertThat(ann.role()).isEqualTo(Role.MEMBER);
        assertThat(users.findByEmail(email.toUpperCase())).contains(ann);
        Login login = auth.login(email.toUpperCase(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        assertThat(login.token()).hasSize(43);
        assertThat(auth.authenticate(login.token())).map(a -> a.user().id()).contains(ann.id());
        assertThat(auth.logout(login.token(), AuthTests.CLIENT)).isTrue();
        assertThat(auth.authenticate(login.token())).isEmpty();
        assertThatThrownBy(() -> auth.login(email, "wrong password!!", false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThatThrownBy(() -> users.register(NewUser.member(email.toUpperCase(), AuthTests.PASSWORD, "Ann"), AuthTests.CLIENT))
                .isInstanceOf(EmailTakenException.class);
        // Hostile input at login is just a failed login.
        for (String bad : new String[] {null, "", "nul\0@example.com", "x".repeat(100_000), "\uD800@example.com"}) {
            assertThatThrownBy(() -> auth.login(bad, bad, false, AuthTests.CLIENT))
                    .isExactlyInstanceOf(InvalidCredentialsException.class);
        }
    }
}
