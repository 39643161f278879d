package dev.portalkit.auth;

import dev.portalkit.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.PortalExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionsIT {

    static final TestClock CLOCK = new TestClock(Instant.parse("2031-05-05T08:00:00Z"));

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal(o -> o, CLOCK);

    private User register(String name) {
        return AuthTests.register(kit, name);
    }

    private AuthService auth() {
        return kit.portal().service(AuthService.class);
    }

    private Login login(User u) {
        return auth().login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
    }

    @Test
    void aPasswordChangeFromAEndsBAndCAndRotatesA() {
        User u = register("change");
        Login a = login(u);
        Login b = login(u);
        Login c = login(u);
        Login rotated = auth().changePassword(a.token(), AuthTests.PASSWORD, "my new long password", AuthTests.CLIENT);
        assertThat(rotated.token()).isNotEqualTo(a.token());
        assertThat(rotated.session().id()).isEqualTo(a.session().id());
        assertThat(auth().authenticate(a.token())).isEmpty();
        assertThat(auth().authenticate(b.token())).isEmpty();
        assertThat(auth().authenticate(c.token())).isEmpty();
        assertThat(auth().authenticate(rotated.token())).isPresent();
        auth().login(u.email(), "my new long password", false, AuthTests.CLIENT);
    }

    @Test
    void aWrongCurrentPasswordChangesNothing() {
        User u = register("nochange");
        Login a = login(u);
        Login b = login(u);
        assertThatThrownBy(() -> auth().changePassword(a.token(), "not my password!", "my new long password", AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThat(auth().authenticate(a.token())).isPresent();
        assertThat(auth().authenticate(b.token())).isPresent();
        login(u); // old password still works
        assertThatThrownBy(() -> auth().login(u.email(), "my new long password", false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void theEleventhLoginEvictsTheLeastRecentlyUsedSession() {
        User u = register("eleven");
        List<Login> logins = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            logins.add(login(u));
            CLOCK.advance(Duration.ofMinutes(2));
        }
        // Use every session but the third, so the third becomes the least recently used.
        for (int i = 0; i < 10; i++) {
            if (i != 2) {
                assertThat(auth().authenticate(logins.get(i).token())).isPresent();
            }
        }
        CLOCK.advance(Duration.ofMinutes(2));
        Login eleventh = login(u);
        assertThat(auth().authenticate(logins.get(2).token())).isEmpty();
        assertThat(auth().authenticate(logins.get(0).token())).isPresent();
        assertThat(auth().authenticate(eleventh.token())).isPresent();
        assertThat(auth().sessions(u.id())).hasSize(10);
    }

    @Test
    void everyLoginIssuesANewTokenAndLogoutVariantsEndTheRightSessions() {
        User u = register("logouts");
        Login a = login(u);
        Login b = login(u);
        Login c = login(u);
        assertThat(List.of(a.token(), b.token(), c.token())).doesNotHaveDuplicates();
        assertThat(auth().sessions(u.id())).extracting(Session::ip).containsOnly("203.0.113.9");
        assertThat(auth().logoutOthers(a.token(), AuthTests.CLIENT)).isEqualTo(2);
        assertThat(auth().authenticate(b.token())).isEmpty();
        assertThat(auth().authenticate(a.token())).isPresent();
        Login d = login(u);
        assertThat(auth().logoutEverywhere(u.id(), AuthTests.CLIENT)).isEqualTo(2);
        assertThat(auth().authenticate(a.token())).isEmpty();
        assertThat(auth().authenticate(d.token())).isEmpty();
        assertThat(auth().logout(d.token(), AuthTests.CLIENT)).isFalse();
        assertThat(auth().authenticate("not-a-token")).isEmpty();
        assertThat(auth().authenticate(null)).isEmpty();
    }

    @Test
    void aRoleChangeOrDisablingEndsTheUsersSessions() {
        UserService users = kit.portal().service(UserService.class);
        User u = register("role");
        Login a = login(u);
        User admin = users.changeRole(u.id(), Role.ADMIN, AuthTests.CLIENT);
        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(auth().authenticate(a.token())).isEmpty();
        Login b = login(u);
        assertThat(auth().authenticate(b.token())).map(Authenticated::role).contains(Role.ADMIN);
        users.disable(u.id(), AuthTests.CLIENT);
        assertThat(auth().authenticate(b.token())).isEmpty();
        assertThatThrownBy(() -> login(u)).isInstanceOf(InvalidCredentialsException.class);
        users.enable(u.id(), AuthTests.CLIENT);
        login(u);
    }
}
