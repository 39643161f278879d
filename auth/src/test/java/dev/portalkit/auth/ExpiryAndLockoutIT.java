package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Time-dependent rules, driven by an injected clock. */
class ExpiryAndLockoutIT {

    static final TestClock CLOCK = new TestClock(Instant.parse("2030-03-01T09:00:00Z"));

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal(CLOCK);

    private static AuthService auth() {
        return AuthTests.auth(kit);
    }

    @Test
    void aSessionEndsAfterThirtyIdleMinutes() {
        User u = AuthTests.register(kit, "idle");
        Login login = AuthTests.login(kit, u);
        CLOCK.advance(Duration.ofMinutes(29));
        assertThat(auth().authenticate(login.token())).isPresent(); // use resets the idle timer
        CLOCK.advance(Duration.ofMinutes(29));
        assertThat(auth().authenticate(login.token())).isPresent();
        CLOCK.advance(Duration.ofMinutes(30).plusSeconds(1));
        assertThat(auth().authenticate(login.token())).isEmpty();
    }

    @Test
    void aSessionEndsTwelveHoursAfterLoginHoweverBusy() {
        User u = AuthTests.register(kit, "absolute");
        Login login = AuthTests.login(kit, u);
        for (int i = 0; i < 24; i++) { // every 29 minutes for 11.6 hours
            CLOCK.advance(Duration.ofMinutes(29));
            assertThat(auth().authenticate(login.token())).as("after %d steps", i + 1).isPresent();
        }
        CLOCK.advance(Duration.ofMinutes(25)); // 12 h 1 min after login
        assertThat(auth().authenticate(login.token())).isEmpty();
    }

    @Test
    void rememberMeSessionsLastFourteenIdleDaysAndThirtyInAll() {
        User u = AuthTests.register(kit, "remember");
        Login login = auth().login(u.email(), AuthTests.PASSWORD, true, AuthTests.CLIENT);
        CLOCK.advance(Duration.ofDays(13));
        assertThat(auth().authenticate(login.token())).isPresent();
        CLOCK.advance(Duration.ofDays(13));
        assertThat(auth().authenticate(login.token())).isPresent();
        CLOCK.advance(Duration.ofDays(5)); // 31 days after login
        assertThat(auth().authenticate(login.token())).isEmpty();
    }

    @Test
    void lastSeenIsWrittenAtMostOnceAMinute() {
        User u = AuthTests.register(kit, "seen");
        Login login = AuthTests.login(kit, u);
        Instant first = AuthDb.lastSeen(kit, login.session().id());
        CLOCK.advance(Duration.ofSeconds(30));
        auth().authenticate(login.token());
        assertThat(AuthDb.lastSeen(kit, login.session().id())).isEqualTo(first);
        CLOCK.advance(Duration.ofSeconds(31));
        auth().authenticate(login.token());
        assertThat(AuthDb.lastSeen(kit, login.session().id())).isEqualTo(first.plusSeconds(61));
    }

    @Test
    void aResetTokenWorksAt29MinutesAndNotAt30MinutesAndOneSecond() {
        User u = AuthTests.register(kit, "reset-ttl");
        PasswordResetService resets = AuthTests.resets(kit);
        String late = resets.request(u.email(), AuthTests.CLIENT).orElseThrow().token();
        CLOCK.advance(Duration.ofMinutes(30).plusSeconds(1));
        assertThatThrownBy(() -> resets.reset(late, "a brand new password", AuthTests.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
        String onTime = resets.request(u.email(), AuthTests.CLIENT).orElseThrow().token();
        CLOCK.advance(Duration.ofMinutes(29));
        resets.reset(onTime, "a brand new password", AuthTests.CLIENT);
        auth().login(u.email(), "a brand new password", false, AuthTests.CLIENT);
    }

    @Test
    void aNewResetRequestVoidsTheOlderToken() {
        User u = AuthTests.register(kit, "reset-void");
        PasswordResetService resets = AuthTests.resets(kit);
        String first = resets.request(u.email(), AuthTests.CLIENT).orElseThrow().token();
        String second = resets.request(u.email(), AuthTests.CLIENT).orElseThrow().token();
        assertThatThrownBy(() -> resets.reset(first, "a brand new password", AuthTests.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
        resets.reset(second, "a brand new password", AuthTests.CLIENT);
        assertThatThrownBy(() -> resets.reset(second, "yet another password", AuthTests.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(resets.request(TestData.email("nobody"), AuthTests.CLIENT)).isEmpty();
    }

    @Test
    void lockoutDoublesFromOneMinuteUpToFifteenAndAlwaysEnds() {
        User u = AuthTests.register(kit, "lockout");
        long[] expectedMinutes = {1, 2, 4, 8, 15, 15};
        for (long minutes : expectedMinutes) {
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> auth().login(u.email(), "wrong password!!", false, AuthTests.CLIENT))
                        .isInstanceOf(InvalidCredentialsException.class);
            }
            // Locked: even the right password is refused, the same way.
            assertThatThrownBy(() -> auth().login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT))
                    .isInstanceOf(InvalidCredentialsException.class);
            CLOCK.advance(Duration.ofMinutes(minutes).minusSeconds(1));
            assertThatThrownBy(() -> auth().login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT))
                    .as("still locked just before %d minutes", minutes)
                    .isInstanceOf(InvalidCredentialsException.class);
            CLOCK.advance(Duration.ofSeconds(1));
        }
        // Released: the right password works and resets the counter.
        auth().login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        assertThatThrownBy(() -> auth().login(u.email(), "wrong password!!", false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
        auth().login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
    }

    @Test
    void anEmailVerificationTokenIsSingleUseAndLastsADay() {
        User u = AuthTests.register(kit, "verify");
        UserService users = AuthTests.users(kit);
        String token = users.requestEmailVerification(u.id(), AuthTests.CLIENT);
        CLOCK.advance(Duration.ofHours(23));
        User verified = users.verifyEmail(token, AuthTests.CLIENT);
        assertThat(verified.emailVerifiedAt()).isEqualTo(CLOCK.instant());
        assertThatThrownBy(() -> users.verifyEmail(token, AuthTests.CLIENT)).isInstanceOf(InvalidTokenException.class);
        String late = users.requestEmailVerification(u.id(), AuthTests.CLIENT);
        CLOCK.advance(Duration.ofHours(24).plusSeconds(1));
        assertThatThrownBy(() -> users.verifyEmail(late, AuthTests.CLIENT)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> users.verifyEmail("garbage", AuthTests.CLIENT)).isInstanceOf(InvalidTokenException.class);
    }
}
