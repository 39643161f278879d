package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionsIT {

    static final TestClock CLOCK = new TestClock(Instant.parse("2031-05-05T08:00:00Z"));

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal(CLOCK);

    /** A new user signed in three times: sessions a, b and c. */
    record ThreeSessions(User user, Login a, Login b, Login c) {

        static ThreeSessions of(String name) {
            User u = AuthTests.register(kit, name);
            return new ThreeSessions(u, login(u), login(u), login(u));
        }
    }

    private static AuthService auth() {
        return AuthTests.auth(kit);
    }

    private static Login login(User u) {
        return AuthTests.login(kit, u);
    }

    @Test
    void aPasswordChangeFromAEndsBAndCAndRotatesA() {
        ThreeSessions s = ThreeSessions.of("change");
        Login rotated = auth().changePassword(s.a().token(), AuthTests.PASSWORD, "my new long password", AuthTests.CLIENT);
        assertThat(rotated.token()).isNotEqualTo(s.a().token());
        assertThat(rotated.session().id()).isEqualTo(s.a().session().id());
        assertThat(auth().authenticate(s.a().token())).isEmpty();
        assertThat(auth().authenticate(s.b().token())).isEmpty();
        assertThat(auth().authenticate(s.c().token())).isEmpty();
        assertThat(auth().authenticate(rotated.token())).isPresent();
        auth().login(s.user().email(), "my new long password", false, AuthTests.CLIENT);
    }

    @Test
    void aWrongCurrentPasswordChangesNothing() {
        User u = AuthTests.register(kit, "nochange");
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
        User u = AuthTests.register(kit, "eleven");
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
        ThreeSessions s = ThreeSessions.of("logouts");
        User u = s.user();
        assertThat(List.of(s.a().token(), s.b().token(), s.c().token())).doesNotHaveDuplicates();
        assertThat(auth().sessions(u.id())).extracting(Session::ip).containsOnly("203.0.113.9");
        assertThat(auth().logoutOthers(s.a().token(), AuthTests.CLIENT)).isEqualTo(2);
        assertThat(auth().authenticate(s.b().token())).isEmpty();
        assertThat(auth().authenticate(s.a().token())).isPresent();
        Login d = login(u);
        assertThat(auth().logoutEverywhere(u.id(), AuthTests.CLIENT)).isEqualTo(2);
        assertThat(auth().authenticate(s.a().token())).isEmpty();
        assertThat(auth().authenticate(d.token())).isEmpty();
        assertThat(auth().logout(d.token(), AuthTests.CLIENT)).isFalse();
        assertThat(auth().authenticate("not-a-token")).isEmpty();
        assertThat(auth().authenticate(null)).isEmpty();
    }

    @Test
    void aRoleChangeOrDisablingEndsTheUsersSessions() {
        UserService users = AuthTests.users(kit);
        User u = AuthTests.register(kit, "role");
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
