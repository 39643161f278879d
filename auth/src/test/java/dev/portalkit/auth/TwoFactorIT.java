package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.PortalException;
import dev.portalkit.testing.CapturedErr;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue #21, section 1: two-factor sign-in with TOTP and recovery codes. */
class TwoFactorIT {

    /** Mid-step (second 15 of a 30-second step), so a test's calls stay in one step unless it advances. */
    static final TestClock CLOCK = new TestClock(Instant.parse("2031-03-03T10:00:15Z"));
    static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 42);
    }

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal(o -> o.totpKey("k1", KEY), CLOCK);

    @RegisterExtension
    static final PortalExtension keyless = AuthTests.portal(o -> o, CLOCK);

    static TwoFactorService twoFactor(PortalExtension k) {
        return k.portal().service(TwoFactorService.class);
    }

    /** An enrolled user (2FA on), with its secret and recovery codes. */
    record Enrolled(User user, String secret, List<String> recoveryCodes) {
    }

    static Enrolled enrol(String name) {
        User u = AuthTests.register(kit, name);
        TotpEnrolment e = twoFactor(kit).begin(u.id(), AuthTests.CLIENT);
        RecoveryCodes codes = twoFactor(kit).confirm(u.id(), TestTotp.code(e.secret(), CLOCK.instant()), AuthTests.CLIENT);
        // The confirmation used this step's code: move on to the next step for the next code.
        CLOCK.advance(Duration.ofSeconds(30));
        return new Enrolled(u, e.secret(), codes.codes());
    }

    static TwoFactorChallenge challenge(User u) {
        SignIn in = AuthTests.auth(kit).signIn(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        assertThat(in).isInstanceOf(TwoFactorChallenge.class);
        return (TwoFactorChallenge) in;
    }

    static long liveSessions(UUID userId) {
        return AuthDb.number(kit, "SELECT count(*) FROM portal.auth_sessions WHERE user_id = ? AND revoked_at IS NULL", userId);
    }

    @Test
    void enrolmentIsOnOnlyAfterAFirstValidCodeAndGivesTenRecoveryCodesOnce() {
        User u = AuthTests.register(kit, "enrol");
        TwoFactorService tf = twoFactor(kit);
        TotpEnrolment e = tf.begin(u.id(), AuthTests.CLIENT);
        assertThat(e.secret()).matches("[A-Z2-7]{32}");
        assertThat(e.uri()).startsWith("otpauth://totp/PortalKit:").contains("secret=" + e.secret(), "digits=6", "period=30");
        assertThat(e.toString()).doesNotContain(e.secret());
        assertThat(tf.enabled(u.id())).isFalse();
        // The password alone still signs in while the enrolment is unconfirmed.
        assertThat(AuthTests.auth(kit).signIn(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT)).isInstanceOf(Login.class);

        assertThatThrownBy(() -> tf.confirm(u.id(), TestTotp.wrongCode(e.secret(), CLOCK.instant()), AuthTests.CLIENT))
                .isInstanceOf(InvalidTwoFactorCodeException.class);
        assertThatThrownBy(() -> tf.confirm(u.id(), "abc", AuthTests.CLIENT)).isInstanceOf(InvalidTwoFactorCodeException.class);
        assertThat(tf.enabled(u.id())).isFalse();
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.recovery_codes WHERE user_id = ?", u.id())).isZero();

        String first = TestTotp.code(e.secret(), CLOCK.instant());
        RecoveryCodes codes = tf.confirm(u.id(), first, AuthTests.CLIENT);
        assertThat(codes.codes()).hasSize(10).doesNotHaveDuplicates();
        assertThat(codes.toString()).doesNotContain(codes.codes().get(0));
        assertThat(tf.enabled(u.id())).isTrue();
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.recovery_codes WHERE user_id = ? AND used_at IS NULL", u.id()))
                .isEqualTo(10);
        assertThatThrownBy(() -> tf.confirm(u.id(), first, AuthTests.CLIENT)).isInstanceOf(TwoFactorStateException.class);
        assertThatThrownBy(() -> tf.begin(u.id(), AuthTests.CLIENT)).isInstanceOf(TwoFactorStateException.class)
                .hasMessageContaining("already on");
        // The confirming code was the first accepted: it cannot complete a sign-in in its window.
        TwoFactorChallenge c = challenge(u);
        assertThatThrownBy(() -> AuthTests.auth(kit).completeSignIn(c.token(), first, AuthTests.CLIENT))
                .isInstanceOf(InvalidTwoFactorCodeException.class);
    }

    @Test
    void withoutAKeyEnrolmentFailsTypedAndStoresNothing() {
        User u = AuthTests.register(keyless, "keyless");
        assertThatThrownBy(() -> twoFactor(keyless).begin(u.id(), AuthTests.CLIENT))
                .isInstanceOfSatisfying(PortalException.class, e -> assertThat(e.code()).isEqualTo(AuthError.TOTP_KEY_MISSING))
                .hasMessageContaining("totpKey");
        assertThat(Queries.number(keyless.portal().dataSource(), "SELECT count(*) FROM portal.user_totp")).isZero();
    }

    @Test
    void thePasswordAloneNeverGivesAUserWithTwoFactorASession() {
        Enrolled en = enrol("twostep");
        AuthService auth = AuthTests.auth(kit);
        long seq = AuthDb.lastSeq(kit);
        assertThatThrownBy(() -> auth.login(en.user().email(), AuthTests.PASSWORD, false, AuthTests.CLIENT))
                .isInstanceOf(TwoFactorRequiredException.class);
        TwoFactorChallenge c = challenge(en.user());
        assertThat(c.expiresAt()).isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(5)));
        assertThat(c.toString()).doesNotContain(c.token());
        assertThat(liveSessions(en.user().id())).as("no session from the password step").isZero();
        assertThat(auth.authenticate(c.token())).as("a challenge authenticates nothing").isEmpty();

        Login login = auth.completeSignIn(c.token(), TestTotp.code(en.secret(), CLOCK.instant()), AuthTests.CLIENT);
        assertThat(login.user().id()).isEqualTo(en.user().id());
        assertThat(auth.authenticate(login.token())).isPresent();
        assertThat(liveSessions(en.user().id())).isOne();
        assertThat(AuthDb.events(kit, en.user().id(), seq)).extracting(AuthDb.Event::action)
                .containsExactly("auth.challenge_issued", "auth.login_succeeded");
    }

    @Test
    void aChallengeWorksOnceAndExpires() {
        Enrolled en = enrol("challenge");
        AuthService auth = AuthTests.auth(kit);
        TwoFactorChallenge c = challenge(en.user());
        auth.completeSignIn(c.token(), TestTotp.code(en.secret(), CLOCK.instant()), AuthTests.CLIENT);
        CLOCK.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> auth.completeSignIn(c.token(), TestTotp.code(en.secret(), CLOCK.instant()), AuthTests.CLIENT))
                .isInstanceOf(InvalidTokenException.class);

        // A wrong code uses the challenge up too: one attempt per password step.
        TwoFactorChallenge wrong = challenge(en.user());
        assertThatThrownBy(() -> auth.completeSignIn(wrong.token(), TestTotp.wrongCode(en.secret(), CLOCK.instant()),
                AuthTests.CLIENT)).isInstanceOf(InvalidTwoFactorCodeException.class);
        assertThatThrownBy(() -> auth.completeSignIn(wrong.token(), TestTotp.code(en.secret(), CLOCK.instant()),
                AuthTests.CLIENT)).isInstanceOf(InvalidTokenException.class);

        TwoFactorChallenge late = challenge(en.user());
        CLOCK.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThatThrownBy(() -> auth.completeSignIn(late.token(), TestTotp.code(en.secret(), CLOCK.instant()), AuthTests.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> auth.completeSignIn(null, "123456", AuthTests.CLIENT)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> auth.completeSignIn("x".repeat(43), null, AuthTests.CLIENT))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(liveSessions(en.user().id())).isOne();
        // Used and expired challenges are purged at the user's next password step.
        challenge(en.user());
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.login_challenges WHERE user_id = ?", en.user().id())).isOne();
    }

    @Test
    void aPasswordResetEndsOutstandingChallenges() {
        Enrolled en = enrol("resetchallenge");
        TwoFactorChallenge c = challenge(en.user());
        String token = AuthTests.resets(kit).request(en.user().email(), AuthTests.CLIENT).orElseThrow().token();
        AuthTests.resets(kit).reset(token, "another long passphrase", AuthTests.CLIENT);
        assertThatThrownBy(() -> AuthTests.auth(kit).completeSignIn(c.token(), TestTotp.code(en.secret(), CLOCK.instant()),
                AuthTests.CLIENT)).isInstanceOf(InvalidTokenException.class);
        assertThat(liveSessions(en.user().id())).isZero();
    }

    @Test
    void anAcceptedCodeCannotBeReplayedInItsWindow() {
        Enrolled en = enrol("replay");
        AuthService auth = AuthTests.auth(kit);
        String code = TestTotp.code(en.secret(), CLOCK.instant());
        auth.completeSignIn(challenge(en.user()).token(), code, AuthTests.CLIENT);
        TwoFactorChallenge again = challenge(en.user());
        assertThatThrownBy(() -> auth.completeSignIn(again.token(), code, AuthTests.CLIENT))
                .isInstanceOf(InvalidTwoFactorCodeException.class);
        // Nor the previous step's code (still within the drift), which is older than the one accepted.
        String previous = TestTotp.code(en.secret(), Math.floorDiv(CLOCK.instant().getEpochSecond(), 30) - 1);
        assertThatThrownBy(() -> auth.completeSignIn(challenge(en.user()).token(), previous, AuthTests.CLIENT))
                .isInstanceOf(InvalidTwoFactorCodeException.class);
        CLOCK.advance(Duration.ofSeconds(30));
        assertThat(auth.completeSignIn(challenge(en.user()).token(), TestTotp.code(en.secret(), CLOCK.instant()),
                AuthTests.CLIENT).token()).isNotBlank();
    }

    @Test
    void eightConcurrentCompletionsWithOneCodeMakeExactlyOneSession() {
        Enrolled en = enrol("race");
        AuthService auth = AuthTests.auth(kit);
        List<TwoFactorChallenge> challenges = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            challenges.add(challenge(en.user()));
        }
        String code = TestTotp.code(en.secret(), CLOCK.instant());
        List<Race.Outcome<Login>> out = Race.run(8, i -> () -> auth.completeSignIn(challenges.get(i).token(), code,
                AuthTests.CLIENT));
        assertThat(out).filteredOn(o -> !o.failed()).as("winners " + out).hasSize(1);
        assertThat(out).filteredOn(Race.Outcome::failed)
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(InvalidTwoFactorCodeException.class));
        assertThat(liveSessions(en.user().id())).isOne();
    }

    @Test
    void wrongCodesLockTheAccountLikeWrongPasswordsAndThePasswordStepDoesNotResetTheCount() {
        Enrolled en = enrol("wrongcodes");
        AuthService auth = AuthTests.auth(kit);
        String wrong = TestTotp.wrongCode(en.secret(), CLOCK.instant());
        for (int i = 1; i <= 4; i++) {
            TwoFactorChallenge c = challenge(en.user());
            assertThatThrownBy(() -> auth.completeSignIn(c.token(), wrong, AuthTests.CLIENT))
                    .isInstanceOf(InvalidTwoFactorCodeException.class);
            assertThat(AuthDb.lock(kit, en.user().id()).failedLogins()).as("after the password step and wrong code " + i)
                    .isEqualTo(i);
        }
        TwoFactorChallenge fifth = challenge(en.user());
        long seq = AuthDb.lastSeq(kit);
        assertThatThrownBy(() -> auth.completeSignIn(fifth.token(), wrong, AuthTests.CLIENT))
                .isInstanceOf(InvalidTwoFactorCodeException.class);
        assertThat(AuthDb.lock(kit, en.user().id()).lockedUntil()).isAfter(CLOCK.instant());
        assertThat(AuthDb.events(kit, en.user().id(), seq)).extracting(AuthDb.Event::action, AuthDb.Event::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("auth.two_factor_failed", "wrong_code"),
                        org.assertj.core.groups.Tuple.tuple("auth.locked", null));
        // Locked: the right password gets no challenge.
        assertThatThrownBy(() -> auth.signIn(en.user().email(), AuthTests.PASSWORD, false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void aBurstOfWrongCodesLocksWithinTheThreshold() {
        Enrolled en = enrol("wrongburst");
        AuthService auth = AuthTests.auth(kit);
        List<TwoFactorChallenge> challenges = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            challenges.add(challenge(en.user()));
        }
        String wrong = TestTotp.wrongCode(en.secret(), CLOCK.instant());
        List<Race.Outcome<Login>> out = Race.run(8, i -> () -> auth.completeSignIn(challenges.get(i).token(), wrong,
                AuthTests.CLIENT));
        assertThat(out).allSatisfy(o -> assertThat(o.error()).isInstanceOf(InvalidTwoFactorCodeException.class));
        AuthDb.Lock lock = AuthDb.lock(kit, en.user().id());
        assertThat(lock.failedLogins()).as("counted before the lock").isEqualTo(5);
        assertThat(lock.lockedUntil()).isAfter(CLOCK.instant());
        // During the lock the right password gets no challenge.
        assertThatThrownBy(() -> auth.signIn(en.user().email(), AuthTests.PASSWORD, false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void aRightCodeDuringALockIsRefusedAndNotCounted() {
        Enrolled en = enrol("lockedright");
        AuthService auth = AuthTests.auth(kit);
        TwoFactorChallenge c = challenge(en.user());
        // A lock that starts between the password step and the code step (here set directly).
        AuthDb.update(kit, "UPDATE portal.users SET locked_until = ?, failed_logins = 5 WHERE id = ?",
                java.sql.Timestamp.from(CLOCK.instant().plusSeconds(60)), en.user().id());
        assertThatThrownBy(() -> auth.completeSignIn(c.token(), TestTotp.code(en.secret(), CLOCK.instant()), AuthTests.CLIENT))
                .isInstanceOf(InvalidTwoFactorCodeException.class);
        assertThat(AuthDb.lock(kit, en.user().id()).failedLogins()).isEqualTo(5);
        assertThat(liveSessions(en.user().id())).isZero();
        assertThat(AuthDb.number(kit, "SELECT last_used_step FROM portal.user_totp WHERE user_id = ?", en.user().id()))
                .as("the refused code was not used up").isLessThan(Math.floorDiv(CLOCK.instant().getEpochSecond(), 30));
    }

    @Test
    void aRecoveryCodeWorksOnceEvenUnderABurst() {
        Enrolled en = enrol("recovery");
        AuthService auth = AuthTests.auth(kit);
        List<TwoFactorChallenge> challenges = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            challenges.add(challenge(en.user()));
        }
        String code = en.recoveryCodes().get(3).toLowerCase(); // typed in any letter case
        long seq = AuthDb.lastSeq(kit);
        List<Race.Outcome<Login>> out = Race.run(8, i -> () -> auth.completeSignIn(challenges.get(i).token(), code,
                AuthTests.CLIENT));
        assertThat(out).filteredOn(o -> !o.failed()).as("winners " + out).hasSize(1);
        assertThat(out).filteredOn(Race.Outcome::failed)
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(InvalidTwoFactorCodeException.class));
        assertThat(AuthDb.events(kit, en.user().id(), seq)).extracting(AuthDb.Event::action)
                .containsOnlyOnce("two_factor.recovery_code_used", "auth.login_succeeded");
        // The losers offered a code that was no longer unused: wrong codes, counted, so the burst locked.
        assertThat(AuthDb.lock(kit, en.user().id()).lockedUntil()).isAfter(CLOCK.instant());
        AuthDb.update(kit, "UPDATE portal.users SET failed_logins = 0, locked_until = NULL WHERE id = ?", en.user().id());
        assertThatThrownBy(() -> auth.completeSignIn(challenge(en.user()).token(), en.recoveryCodes().get(3), AuthTests.CLIENT))
                .isInstanceOf(InvalidTwoFactorCodeException.class);
        assertThat(auth.completeSignIn(challenge(en.user()).token(), en.recoveryCodes().get(4), AuthTests.CLIENT).token())
                .isNotBlank();
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.recovery_codes WHERE user_id = ? AND used_at IS NULL",
                en.user().id())).isEqualTo(8);
    }

    @Test
    void disablingNeedsACurrentCodeOrARecoveryCode() {
        Enrolled en = enrol("disable");
        TwoFactorService tf = twoFactor(kit);
        assertThatThrownBy(() -> tf.disable(en.user().id(), TestTotp.wrongCode(en.secret(), CLOCK.instant()), AuthTests.CLIENT))
                .isInstanceOf(InvalidTwoFactorCodeException.class);
        assertThatThrownBy(() -> tf.disable(en.user().id(), "not a code", AuthTests.CLIENT))
                .isInstanceOf(InvalidTwoFactorCodeException.class);
        assertThatThrownBy(() -> tf.disable(en.user().id(), null, AuthTests.CLIENT))
                .isInstanceOf(dev.portalkit.core.ValidationException.class);
        assertThat(tf.enabled(en.user().id())).isTrue();
        assertThat(AuthDb.lock(kit, en.user().id()).failedLogins()).as("wrong codes count toward the lockout").isEqualTo(2);
        long seq = AuthDb.lastSeq(kit);
        tf.disable(en.user().id(), en.recoveryCodes().get(0), AuthTests.CLIENT);
        assertThat(tf.enabled(en.user().id())).isFalse();
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.user_totp WHERE user_id = ?", en.user().id())).isZero();
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.recovery_codes WHERE user_id = ?", en.user().id())).isZero();
        assertThat(AuthDb.events(kit, en.user().id(), seq)).extracting(AuthDb.Event::action).containsExactly("two_factor.disabled");
        assertThatThrownBy(() -> tf.disable(en.user().id(), "123456", AuthTests.CLIENT)).isInstanceOf(TwoFactorStateException.class);
        // Off again: the password alone signs in.
        assertThat(AuthTests.login(kit, en.user()).token()).isNotBlank();

        Enrolled other = enrol("disable-totp");
        tf.disable(other.user().id(), TestTotp.code(other.secret(), CLOCK.instant()), AuthTests.CLIENT);
        assertThat(tf.enabled(other.user().id())).isFalse();
    }

    @Test
    void noSecretCodeOrChallengeReachesAnyColumnOrLogLineAndTheSecretIsStoredEncrypted() {
        List<String> secrets = new ArrayList<>();
        UUID[] id = new UUID[1];
        String log;
        try (CapturedErr err = CapturedErr.start()) {
            User u = AuthTests.register(kit, "nosecret");
            id[0] = u.id();
            TwoFactorService tf = twoFactor(kit);
            TotpEnrolment e = tf.begin(u.id(), AuthTests.CLIENT);
            secrets.add(e.secret());
            secrets.add(HexFormat.of().formatHex(TestTotp.base32(e.secret())));
            String first = TestTotp.code(e.secret(), CLOCK.instant());
            RecoveryCodes codes = tf.confirm(u.id(), first, AuthTests.CLIENT);
            secrets.addAll(codes.codes());
            secrets.addAll(codes.codes().stream().map(c -> c.replace("-", "")).toList());
            CLOCK.advance(Duration.ofSeconds(30));
            TwoFactorChallenge c = challenge(u);
            secrets.add(c.token());
            String code = TestTotp.code(e.secret(), CLOCK.instant());
            AuthTests.auth(kit).completeSignIn(c.token(), code, AuthTests.CLIENT);
            TwoFactorChallenge c2 = challenge(u);
            secrets.add(c2.token());
            assertThatThrownBy(() -> AuthTests.auth(kit).completeSignIn(c2.token(), "000000".equals(code) ? "111111" : "000000",
                    AuthTests.CLIENT)).isInstanceOf(InvalidTwoFactorCodeException.class);
            AuthTests.auth(kit).completeSignIn(challenge(u).token(), codes.codes().get(0), AuthTests.CLIENT);
            log = err.text();
        }
        assertThat(log).contains("Sign-in challenge issued", "Second factor refused", "Two-factor sign-in enabled");
        String dump = Queries.everyText(kit.portal().dataSource(), "portal");
        assertThat(dump).contains("user_totp.secret_ciphertext=");
        for (String s : secrets) {
            assertThat(log).as("a log line holding a secret").doesNotContainIgnoringCase(s);
            assertThat(dump).as("a column holding a secret").doesNotContainIgnoringCase(s);
        }
        // The row itself: a sealed secret, longer than the 20 raw bytes, with its key's id.
        List<String> row = Queries.column(kit.portal().dataSource(),
                "SELECT encode(secret_ciphertext, 'hex') || ' ' || key_id FROM portal.user_totp WHERE user_id = ?", id[0]);
        assertThat(row).singleElement().satisfies(r -> {
            assertThat(r).endsWith(" k1").doesNotContain(secrets.get(1));
            assertThat(r.length()).isGreaterThan(2 * (12 + 20 + 16) - 1);
        });
    }
}
