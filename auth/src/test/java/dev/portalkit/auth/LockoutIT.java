package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.TransientException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lockout's decisions placed exactly inside another call's password verification (a hasher
 * held until released), the password change under the lock, the bounded hashing queue and the
 * failure reset time. Default lockout options: 5 strikes lock for 1 minute, the count starts again
 * after 15 quiet minutes.
 */
class LockoutIT {

    static final String WRONG = "not the password at all";
    static final String NEW_PASSWORD = "a brand new password";
    static final TestClock CLOCK = new TestClock(Instant.parse("2030-06-01T08:00:00Z"));
    static final GatedHasher HASHER = new GatedHasher();
    static final GatedHasher SLOW = new GatedHasher();
    static final ExecutorService THREADS = Executors.newCachedThreadPool();

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal(o -> o.hasher(HASHER).hashingConcurrency(4), CLOCK);

    /** One hashing slot, a wait of 200 ms for it. */
    @RegisterExtension
    static final PortalExtension busy = AuthTests.portal(
            o -> o.hasher(SLOW).hashingConcurrency(1).hashingWait(Duration.ofMillis(200)), null);

    @AfterAll
    static void stopThreads() {
        THREADS.shutdownNow();
    }

    private static AuthService auth() {
        return kit.portal().service(AuthService.class);
    }

    private static void wrongLogins(User u, int n) {
        for (int i = 0; i < n; i++) {
            assertThatThrownBy(() -> auth().login(u.email(), WRONG, false, AuthTests.CLIENT))
                    .as("wrong login %d of %s", i + 1, u.email()).isInstanceOf(InvalidCredentialsException.class);
        }
    }

    private static Throwable outcome(Future<?> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static <T> Future<T> inThread(Callable<T> call) {
        return THREADS.submit(call);
    }

    private static AuthDb.Event last(User u, long afterSeq) {
        List<AuthDb.Event> events = AuthDb.events(kit, u.id(), afterSeq);
        return events.get(events.size() - 1);
    }

    @Test
    void theRightPasswordVerifiedBeforeTheLockIsRefusedWhenTheLockStartedMeanwhile() throws Exception {
        User u = AuthTests.register(kit, "right-then-lock");
        HASHER.hold(AuthTests.PASSWORD);
        Future<Login> right = inThread(() -> auth().login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT));
        HASHER.awaitHeld(); // it read the credentials (no lock) and is verifying
        wrongLogins(u, 5);
        AuthDb.Lock locked = AuthDb.lock(kit, u.id());
        assertThat(locked.lockedUntil()).as("locked by the fifth strike").isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(1)));
        long seq = AuthDb.lastSeq(kit);
        HASHER.release();

        assertThat(outcome(right)).as("the right password, judged after the lock started")
                .isInstanceOf(InvalidCredentialsException.class);
        assertThat(AuthDb.lock(kit, u.id())).as("the lock stands, not cleared by the refused success").isEqualTo(locked);
        assertThat(auth().sessions(u.id())).as("no session").isEmpty();
        assertThat(AuthDb.events(kit, u.id(), seq)).as("audited as refused during the lock")
                .extracting(AuthDb.Event::action, AuthDb.Event::reason).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("auth.login_failed", "locked"));
    }

    @Test
    void aWrongPasswordVerifiedBeforeTheLockIsJudgedLockedAndNotCounted() throws Exception {
        User u = AuthTests.register(kit, "wrong-then-lock");
        String held = "a wrong guess held back";
        HASHER.hold(held);
        Future<Login> late = inThread(() -> auth().login(u.email(), held, false, AuthTests.CLIENT));
        HASHER.awaitHeld();
        wrongLogins(u, 5);
        long seq = AuthDb.lastSeq(kit);
        HASHER.release();

        assertThat(outcome(late)).isInstanceOf(InvalidCredentialsException.class);
        assertThat(AuthDb.lock(kit, u.id()).failedLogins()).as("the sixth guess is not counted").isEqualTo(5);
        AuthDb.Event e = last(u, seq);
        assertThat(e.action() + "/" + e.reason() + "/" + e.failedLogins()).isEqualTo("auth.login_failed/locked/null");
        assertThat(AuthDb.events(kit, u.id(), 0)).filteredOn(x -> x.action().equals("auth.locked")).hasSize(1);
    }

    @Test
    void changePasswordIsRefusedWhileLockedWithoutVerifyingThePassword() throws Exception {
        User u = AuthTests.register(kit, "change-locked");
        Login session = auth().login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        wrongLogins(u, 5);
        AuthDb.Lock locked = AuthDb.lock(kit, u.id());
        int verifications = HASHER.verifications();
        long seq = AuthDb.lastSeq(kit);

        assertThatThrownBy(() -> auth().changePassword(session.token(), AuthTests.PASSWORD, NEW_PASSWORD, AuthTests.CLIENT))
                .as("the right current password, while locked").isInstanceOf(InvalidCredentialsException.class);
        assertThatThrownBy(() -> auth().changePassword(session.token(), WRONG, NEW_PASSWORD, AuthTests.CLIENT))
                .as("a wrong current password, while locked").isInstanceOf(InvalidCredentialsException.class);
        assertThat(HASHER.verifications()).as("password verifications while locked").isEqualTo(verifications);
        assertThat(AuthDb.lock(kit, u.id())).as("nothing counted, password unchanged").isEqualTo(locked);
        assertThat(AuthDb.events(kit, u.id(), seq)).extracting(AuthDb.Event::action, AuthDb.Event::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("auth.password_change_failed", "locked"),
                org.assertj.core.groups.Tuple.tuple("auth.password_change_failed", "locked"));

        CLOCK.advance(Duration.ofMinutes(1));
        auth().changePassword(session.token(), AuthTests.PASSWORD, NEW_PASSWORD, AuthTests.CLIENT);
        auth().login(u.email(), NEW_PASSWORD, false, AuthTests.CLIENT);
    }

    @Test
    void wrongCurrentPasswordsCountAndLockLikeLogins() {
        User u = AuthTests.register(kit, "change-strikes");
        Login session = auth().login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        long seq = AuthDb.lastSeq(kit);
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> auth().changePassword(session.token(), WRONG, NEW_PASSWORD, AuthTests.CLIENT))
                    .isInstanceOf(InvalidCredentialsException.class);
        }
        assertThat(AuthDb.events(kit, u.id(), seq))
                .extracting(e -> e.action() + "/" + e.reason() + "/" + e.failedLogins()).containsExactly(
                        "auth.password_change_failed/wrong_password/1", "auth.password_change_failed/wrong_password/2",
                        "auth.password_change_failed/wrong_password/3", "auth.password_change_failed/wrong_password/4",
                        "auth.password_change_failed/wrong_password/5", "auth.locked/null/5",
                        "auth.password_change_failed/locked/null");
        assertThatThrownBy(() -> auth().login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT))
                .as("the lock a password change set holds for login too").isInstanceOf(InvalidCredentialsException.class);
        assertThat(AuthDb.lock(kit, u.id()).lockedUntil()).isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(1)));
    }

    @Test
    void aPasswordChangeWhoseCurrentPasswordWasVerifiedBeforeALockIsRefused() throws Exception {
        User u = AuthTests.register(kit, "change-then-lock");
        Login session = auth().login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        HASHER.hold(AuthTests.PASSWORD);
        Future<Login> change = inThread(() ->
                auth().changePassword(session.token(), AuthTests.PASSWORD, NEW_PASSWORD, AuthTests.CLIENT));
        HASHER.awaitHeld();
        wrongLogins(u, 5);
        AuthDb.Lock locked = AuthDb.lock(kit, u.id());
        long seq = AuthDb.lastSeq(kit);
        HASHER.release();

        assertThat(outcome(change)).isInstanceOf(InvalidCredentialsException.class);
        assertThat(AuthDb.lock(kit, u.id())).as("password and lock unchanged").isEqualTo(locked);
        assertThat(last(u, seq).reason()).isEqualTo("locked");
        assertThat(auth().authenticate(session.token())).as("the session was not rotated").isPresent();
    }

    @Test
    void aQueuedLoginFailsRetryablyWhenEveryHashingSlotStaysBusy() throws Exception {
        User u = AuthTests.register(busy, "queue");
        SLOW.hold(AuthTests.PASSWORD);
        Future<Login> slow = inThread(() ->
                busy.portal().service(AuthService.class).login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT));
        SLOW.awaitHeld(); // it holds the only slot
        long seq = AuthDb.lastSeq(busy);

        assertThatThrownBy(() -> busy.portal().service(AuthService.class)
                .login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT))
                .as("a login queued behind a slot that stays busy past hashingWait")
                .isInstanceOfSatisfying(TransientException.class, e -> {
                    assertThat(e.code()).isEqualTo(AuthError.HASHING_BUSY);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getMessage()).startsWith("[PK-2006]");
                });
        assertThatThrownBy(() -> busy.portal().service(UserService.class)
                .register(NewUser.member(TestData.email("queued"), AuthTests.PASSWORD, "Queued"), AuthTests.CLIENT))
                .as("hashing for a registration waits the same way").isInstanceOf(TransientException.class);
        assertThat(AuthDb.lastSeq(busy)).as("the refused calls wrote nothing, not even a failed login").isEqualTo(seq);
        assertThat(AuthDb.lock(busy, u.id()).failedLogins()).isZero();

        SLOW.release();
        assertThat(outcome(slow)).as("the held login itself").isNull();
        busy.portal().service(AuthService.class).login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
    }

    @Test
    void theFailureCountStartsAgainAfterFifteenQuietMinutes() {
        User almost = AuthTests.register(kit, "decay-almost");
        wrongLogins(almost, 4);
        CLOCK.advance(Duration.ofMinutes(15).minusSeconds(1));
        wrongLogins(almost, 1);
        assertThat(AuthDb.lock(kit, almost.id())).as("14:59 quiet: still counting")
                .extracting(AuthDb.Lock::failedLogins, AuthDb.Lock::lockedUntil)
                .containsExactly(5, CLOCK.instant().plus(Duration.ofMinutes(1)));

        User quiet = AuthTests.register(kit, "decay-quiet");
        wrongLogins(quiet, 4);
        CLOCK.advance(Duration.ofMinutes(15));
        wrongLogins(quiet, 1);
        assertThat(AuthDb.lock(kit, quiet.id())).as("15:00 quiet: the count started again")
                .extracting(AuthDb.Lock::failedLogins, AuthDb.Lock::lockedUntil).containsExactly(1, null);
        wrongLogins(quiet, 4);
        assertThat(AuthDb.lock(kit, quiet.id()).lockedUntil()).as("five strikes since then lock")
                .isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(1)));
    }

    @Test
    void theQuietPeriodRunsFromTheEndOfTheLock() {
        User u = AuthTests.register(kit, "decay-lock");
        wrongLogins(u, 5); // locked for 1 minute
        CLOCK.advance(Duration.ofMinutes(1 + 14));
        wrongLogins(u, 1);
        assertThat(AuthDb.lock(kit, u.id()).failedLogins()).as("15 minutes after the strike, 14 after the lock ended")
                .isEqualTo(6);
        CLOCK.advance(Duration.ofMinutes(15));
        wrongLogins(u, 1);
        assertThat(AuthDb.lock(kit, u.id()).failedLogins()).as("15 quiet minutes after the last strike").isEqualTo(1);
        auth().login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        assertThat(AuthDb.lock(kit, u.id()).failedLogins()).as("a success resets the count").isZero();
    }
}
