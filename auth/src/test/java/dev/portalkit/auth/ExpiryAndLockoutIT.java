package dev.portalkit.auth;

import dev.portalkit.testing.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.PortalExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Time-dependent rules, driven by an injected clock. */
class ExpiryAndLockoutIT {

    static final TestClock CLOCK = new TestClock(Instant.parse("2030-03-01T09:00:00Z"));

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal(o -> o, CLOCK);

    private User register(String name) {
        return AuthTests.register(kit, name);
    }

    private AuthService auth() {
        return kit.portal().service(AuthService.class);
    }

    @Test
    void aSessionEndsAfterThirtyIdleMinutes() {
        User u = register("idle");
        Login login = auth().login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        CLOCK.advance(Duration.ofMinutes(29));
        assertThat(auth().authenticate(login.token())).isPresent(); // use resets the idle timer
        CLOCK.advance(Duration.ofMinutes(29));
        assertThat(auth().authenticate(login.token())).isPresent();
        CLOCK.advance(Duration.ofMinutes(30).plusSeconds(1));
        assertThat(auth().authenticate(login.token())).isEmpty();
    }

    @Test
    void aSessionEndsTwelveHoursAfterLoginHoweverBusy() {
        User u = register("absolute");
        Login login = auth().login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        for (int i = 0; i < 24; i++) { // every 29 minutes for 11.6 hours
            CLOCK.advance(Duration.ofMinutes(29));
            assertThat(auth().authenticate(login.token())).as("after %d steps", i + 1).isPresent();
        }
        CLOCK.advance(Duration.ofMinutes(25)); // 12 h 1 min after login
        assertThat(auth().authenticate(login.token())).isEmpty();
    }

    @Test
    void rememberMeSessionsLastFourteenIdleDaysAndThirtyInAll() {
        User u = register("remember");
        Login login = auth().login(u.email(), AuthTests.PASSWORD, true, AuthTests.CLIENT);
        CLOCK.advance(Duration.ofDays(13));
        assertThat(auth().authenticate(login.token())).isPresent();
        CLOCK.advance(Duration.ofDays(13));
        assertThat(auth().authenticate(login.token())).isPresent();
        CLOCK.advance(Duration.ofDays(5)); // 31 days after login
        assertThat(auth().authenticate(login.token())).isEmpty();
    }

    @Test
    void lastSeenIsWrittenAtMostOnceAMinute() throws Exception {
        User u = register("seen");
        Login login = auth().login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        Instant first = lastSeen(login.session().id());
        CLOCK.advance(Duration.ofSeconds(30));
        auth().authenticate(login.token());
        assertThat(lastSeen(login.session().id())).isEqualTo(first);
        CLOCK.advance(Duration.ofSeconds(31));
        auth().authenticate(login.token());
        assertThat(lastSeen(login.session().id())).isEqualTo(first.plusSeconds(61));
    }

    @Test
    void aResetTokenWorksAt29MinutesAndNotAt30MinutesAndOneSecond() {
        User u = register("reset-ttl");
        PasswordResetService resets = kit.portal().service(PasswordResetService.class);
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
        User u = register("reset-void");
        PasswordResetService resets = kit.portal().service(PasswordResetService.class);
        String first = resets.request(u.email(), AuthTests.CLIENT).orElseThrow().token();
        String second = resets.request(u.email(), AuthTests.CLIENT).orElseThrow().token();
        assertThatThrownBy(() -> resets.reset(first, "a brand new password", AuthTests.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
        resets.reset(second, "a brand new password", AuthTests.CLIENT);
        assertThatThrownBy(() -> resets.reset(second, "yet another password", AuthTests.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(resets.request("nobody-" + UUID.randomUUID() + "@example.com", AuthTests.CLIENT)).isEmpty();
    }

    @Test
    void lockoutDoublesFromOneMinuteUpToFifteenAndAlwaysEnds() {
        User u = register("lockout");
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
        User u = register("verify");
        UserService users = kit.portal().service(UserService.class);
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

    private static Instant lastSeen(UUID sessionId) throws Exception {
        try (Connection c = kit.portal().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT last_seen_at FROM portal.auth_sessions WHERE id = ?")) {
            ps.setObject(1, sessionId);
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
        }
    }
}
