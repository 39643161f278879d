package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #15, item 1: bursts of 30 logins released at once against one account, 29 wrong and one
 * right, with one hashing slot (every verification queued, so each reads the lock state long before
 * its outcome is written) and with the default number. However they interleave, replaying the audit
 * trail in commit order must show: no login succeeds once the lock stands, at most lockoutThreshold
 * wrong guesses are judged before the lock, every later guess is judged {@code locked} and not
 * counted, and the database holds the lock the first strike set. The clock stands still during a
 * burst, so a lock stands until the test moves it.
 */
class LockoutRaceIT {

    static final int BURST = 30;
    static final int BURSTS = 6;
    static final String WRONG = "not the password at all";
    static final AuthOptions DEFAULTS = AuthOptions.defaults();

    static final TestClock SERIAL_CLOCK = new TestClock(Instant.parse("2030-05-01T08:00:00Z"));
    static final TestClock PARALLEL_CLOCK = new TestClock(Instant.parse("2030-05-01T08:00:00Z"));

    @RegisterExtension
    static final PortalExtension serial = AuthTests.portal(o -> o.hashingConcurrency(1), SERIAL_CLOCK);

    @RegisterExtension
    static final PortalExtension parallel = AuthTests.portal(o -> o, PARALLEL_CLOCK);

    @Test
    void oneHashingSlot() throws Exception {
        bursts(serial, SERIAL_CLOCK);
    }

    @Test
    void defaultHashingConcurrency() throws Exception {
        bursts(parallel, PARALLEL_CLOCK);
    }

    private static void bursts(PortalExtension kit, TestClock clock) throws Exception {
        int threshold = DEFAULTS.lockoutThreshold();
        User u = AuthTests.register(kit, "burst");
        AuthService auth = kit.portal().service(AuthService.class);
        int rightAfterLock = 0;
        for (int b = 0; b < BURSTS; b++) {
            long fromSeq = AuthDb.lastSeq(kit);
            int right = (b * 11 + 4) % BURST; // the right password somewhere else in each burst
            List<Race.Outcome<Login>> outcomes = Race.run(BURST, i -> () ->
                    auth.login(u.email(), i == right ? AuthTests.PASSWORD : WRONG, false, AuthTests.CLIENT));
            String where = "burst " + b + " (right password sent by thread " + right + ")";
            for (int i = 0; i < BURST; i++) {
                Race.Outcome<Login> o = outcomes.get(i);
                if (i != right || o.failed()) {
                    assertThat(o.error()).as(where + ": login " + i + " fails only as invalid credentials")
                            .isInstanceOf(InvalidCredentialsException.class);
                }
            }
            boolean signedIn = !outcomes.get(right).failed();

            List<AuthDb.Event> events = AuthDb.events(kit, u.id(), fromSeq);
            String trail = where + ", audit trail " + events;
            int count = 0;
            int successes = 0;
            int judged = 0;
            boolean locked = false;
            for (AuthDb.Event e : events) {
                switch (e.action()) {
                    case "auth.login_succeeded" -> {
                        assertThat(locked).as(trail + ": a login succeeded while the lock stood").isFalse();
                        count = 0;
                        successes++;
                    }
                    case "auth.login_failed" -> {
                        if ("wrong_password".equals(e.reason())) {
                            assertThat(locked).as(trail + ": a wrong guess was judged while the lock stood").isFalse();
                            count++;
                            judged++;
                            assertThat(e.failedLogins()).as(trail + ": failedLogins of " + e).isEqualTo(count);
                            assertThat(count).as(trail + ": wrong guesses judged before the lock").isLessThanOrEqualTo(threshold);
                        } else {
                            assertThat(e.reason()).as(trail + ": any other failure is a refusal during the lock").isEqualTo("locked");
                            assertThat(locked).as(trail + ": refused as locked before the lock started").isTrue();
                        }
                    }
                    case "auth.locked" -> {
                        assertThat(count).as(trail + ": the lock came with the threshold-th strike").isEqualTo(threshold);
                        assertThat(locked).as(trail + ": locked twice").isFalse();
                        locked = true;
                    }
                    default -> fail(trail + ": unexpected " + e);
                }
            }
            assertThat(events.stream().filter(e -> e.action().startsWith("auth.login_")).count())
                    .as(trail + ": each of the %d logins audited once", BURST).isEqualTo(BURST);
            assertThat(successes).as(trail + ": sign-ins in the trail against what the callers saw")
                    .isEqualTo(signedIn ? 1 : 0);
            assertThat(judged).as(trail + ": wrong guesses judged").isLessThanOrEqualTo(signedIn ? 2 * threshold : threshold);
            assertThat(locked).as(trail + ": 29 wrong guesses lock the account").isTrue();

            // The lock window as the database holds it: set by this burst's threshold-th strike (the
            // first lock since the count decayed) and still standing; no success cleared it.
            AuthDb.Lock lock = AuthDb.lock(kit, u.id());
            assertThat(lock.lockedUntil()).as(where + ": locked_until").isEqualTo(clock.instant().plus(DEFAULTS.lockoutBase()));
            assertThat(lock.failedLogins()).as(where + ": failed_logins").isEqualTo(threshold);
            assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.auth_sessions WHERE user_id = ? AND created_at = ?",
                    u.id(), clock.instant().atOffset(java.time.ZoneOffset.UTC)))
                    .as(where + ": sessions created in the burst").isEqualTo(signedIn ? 1L : 0L);
            rightAfterLock += signedIn ? 0 : 1;
            // Past the lock and the failure reset time: the next burst starts from a count of zero.
            clock.advance(DEFAULTS.lockoutMax().plus(DEFAULTS.failureResetAfter()).plusSeconds(1));
        }
        System.out.printf("LockoutRaceIT: %d bursts of %d, the right password came after the lock in %d%n",
                BURSTS, BURST, rightAfterLock);
    }
}
