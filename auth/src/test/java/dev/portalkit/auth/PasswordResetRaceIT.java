package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.TransientException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #15, item 2, reset tokens: a newer request voids the older ones and a reset (or a password
 * change) ends every other token, however requests and resets interleave; the per-address limit
 * holds under a burst, for an address with an account and one without alike.
 */
class PasswordResetRaceIT {

    static final TestClock CLOCK = new TestClock(Instant.parse("2030-07-01T08:00:00Z"));
    static final Duration WINDOW = Duration.ofHours(1);

    /** Default limit: 3 requests per address an hour. */
    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal(o -> o, CLOCK);

    /** A limit above the burst size, to get 8 tokens issued at once. */
    @RegisterExtension
    static final PortalExtension many = AuthTests.portal(o -> o.resetRequestLimit(20), CLOCK);

    @Test
    void eightConcurrentRequestsLeaveExactlyOneLiveTokenAndHonourTheLimit() throws Exception {
        User u = AuthTests.register(kit, "limit-burst");
        for (int round = 0; round < 3; round++) {
            String where = "round " + round;
            PasswordResetService resets = AuthTests.resets(kit);
            List<Race.Outcome<Optional<ResetRequest>>> out = Race.run(8, i -> () ->
                    resets.request(i % 2 == 0 ? u.email() : u.email().toUpperCase(Locale.ROOT), AuthTests.CLIENT));
            List<String> tokens = out.stream().filter(o -> !o.failed()).map(o -> o.value().orElseThrow().token()).toList();
            assertThat(tokens).as(where + ": tokens issued by 8 requests at once, limit 3 " + out).hasSize(3);
            assertThat(out).filteredOn(Race.Outcome::failed).as(where + ": the others")
                    .allSatisfy(o -> assertThat(o.error()).isInstanceOfSatisfying(PasswordResetLimitException.class, e -> {
                        assertThat(e).isInstanceOf(TransientException.class);
                        assertThat(e.isRetryable()).isTrue();
                        assertThat(e.code()).isEqualTo(AuthError.RESET_LIMITED);
                        assertThat(e.retryAfter()).isEqualTo(WINDOW);
                    }));
            assertThat(AuthDb.liveResetTokens(kit, u.id())).as(where + ": live tokens").isOne();
            assertThat(resetsThatWork(kit, tokens)).as(where + ": tokens that still reset the password").isOne();
            assertThat(AuthDb.liveResetTokens(kit, u.id())).as(where + ": live tokens after the reset").isZero();
            CLOCK.advance(WINDOW);
        }
    }

    @Test
    void anAddressWithoutAnAccountIsLimitedTheSameWayUnderABurst() throws Exception {
        String nobody = TestData.email("nobody");
        long seq = AuthDb.lastSeq(kit);
        PasswordResetService resets = AuthTests.resets(kit);
        List<Race.Outcome<Optional<ResetRequest>>> out = Race.run(8, () -> resets.request(nobody, AuthTests.CLIENT));
        assertThat(out).filteredOn(o -> !o.failed()).as("answered (empty), as for an account " + out)
                .hasSize(3).allSatisfy(o -> assertThat(o.value()).isEmpty());
        assertThat(out).filteredOn(Race.Outcome::failed)
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(PasswordResetLimitException.class));
        assertThat(AuthDb.events(kit, null, seq)).as("one audit row per answered request, without a user")
                .extracting(AuthDb.Event::action).containsExactly("password.reset_requested", "password.reset_requested",
                        "password.reset_requested");
    }

    @Test
    void afterEightTokensAreIssuedAtOnceExactlyOneResetsWhateverTheOrder() throws Exception {
        User u = AuthTests.register(many, "eight-tokens");
        for (int round = 0; round < 4; round++) {
            String where = "round " + round;
            List<String> tokens = Race.run(8, () -> AuthTests.resets(many).request(u.email(), AuthTests.CLIENT))
                    .stream().map(o -> o.value().orElseThrow().token()).toList();
            assertThat(tokens).as(where).hasSize(8).doesNotHaveDuplicates();
            assertThat(AuthDb.liveResetTokens(many, u.id())).as(where + ": live tokens after 8 requests at once").isOne();
            List<Race.Outcome<Boolean>> resets = Race.run(8, i -> () -> {
                AuthTests.resets(many).reset(tokens.get(i), "new password number " + i, AuthTests.CLIENT);
                return true;
            });
            assertThat(resets).filteredOn(o -> !o.failed()).as(where + ": resets that worked " + resets).hasSize(1);
            assertThat(resets).filteredOn(Race.Outcome::failed)
                    .allSatisfy(o -> assertThat(o.error()).isInstanceOf(InvalidTokenException.class));
            assertThat(resetsThatWork(many, tokens)).as(where + ": tokens that work after the reset").isZero();
            CLOCK.advance(WINDOW);
        }
    }

    @Test
    void aResetEndsEveryOtherLiveTokenEvenOnesAnEarlierReleaseLeftLive() {
        User u = AuthTests.register(kit, "reset-ends-others");
        String issued = AuthTests.resets(kit).request(u.email(), AuthTests.CLIENT).orElseThrow().token();
        // Before issue #15, concurrent requests could leave several live tokens per user.
        String left = insertLiveToken(kit, u.id());
        String alsoLeft = insertLiveToken(kit, u.id());
        assertThat(AuthDb.liveResetTokens(kit, u.id())).isEqualTo(3);

        AuthTests.resets(kit).reset(alsoLeft, "a brand new password", AuthTests.CLIENT);
        assertThat(AuthDb.liveResetTokens(kit, u.id())).isZero();
        for (String t : List.of(issued, left, alsoLeft)) {
            assertThatThrownBy(() -> AuthTests.resets(kit).reset(t, "yet another password", AuthTests.CLIENT))
                    .isInstanceOf(InvalidTokenException.class);
        }
        AuthTests.auth(kit).login(u.email(), "a brand new password", false, AuthTests.CLIENT);
    }

    @Test
    void aPasswordChangeVoidsEveryOutstandingResetToken() {
        User u = AuthTests.register(kit, "change-voids");
        String token = AuthTests.resets(kit).request(u.email(), AuthTests.CLIENT).orElseThrow().token();
        String older = insertLiveToken(kit, u.id());
        AuthService auth = AuthTests.auth(kit);
        Login session = auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        auth.changePassword(session.token(), AuthTests.PASSWORD, "a changed password", AuthTests.CLIENT);

        assertThat(AuthDb.liveResetTokens(kit, u.id())).isZero();
        for (String t : List.of(token, older)) {
            assertThatThrownBy(() -> AuthTests.resets(kit).reset(t, "a leaked link password", AuthTests.CLIENT))
                    .as("a reset link from before the change").isInstanceOf(InvalidTokenException.class);
        }
        auth.login(u.email(), "a changed password", false, AuthTests.CLIENT);
    }

    @Test
    void theLimitCountsOneSlidingWindowPerAddressInAnyLetterCase() {
        User u = AuthTests.register(kit, "Limit-Window");
        String lower = u.email().toLowerCase(Locale.ROOT);
        PasswordResetService resets = AuthTests.resets(kit);
        resets.request(u.email(), AuthTests.CLIENT).orElseThrow();
        CLOCK.advance(Duration.ofMinutes(20));
        resets.request(lower, AuthTests.CLIENT).orElseThrow();
        resets.request(u.email().toUpperCase(Locale.ROOT), AuthTests.CLIENT).orElseThrow();
        long seq = AuthDb.lastSeq(kit);
        long live = AuthDb.liveResetTokens(kit, u.id());

        assertThatThrownBy(() -> resets.request(lower, AuthTests.CLIENT))
                .isInstanceOfSatisfying(PasswordResetLimitException.class,
                        e -> assertThat(e.retryAfter()).as("until the first request leaves the window").isEqualTo(Duration.ofMinutes(40)));
        assertThat(AuthDb.lastSeq(kit)).as("a limited request writes nothing").isEqualTo(seq);
        assertThat(AuthDb.liveResetTokens(kit, u.id())).isEqualTo(live);

        CLOCK.advance(Duration.ofMinutes(40).minusSeconds(1));
        assertThatThrownBy(() -> resets.request(lower, AuthTests.CLIENT)).isInstanceOf(PasswordResetLimitException.class);
        CLOCK.advance(Duration.ofSeconds(1));
        ResetRequest again = resets.request(lower, AuthTests.CLIENT).orElseThrow();
        assertThat(again.email()).as("the stored address, whatever was typed").isEqualTo(u.email());
        assertThat(requestRows(kit, lower)).as("rows kept for the limit: the window's only").isEqualTo(3);
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.password_reset_requests WHERE requested_at <= ?",
                CLOCK.instant().minus(WINDOW).atOffset(ZoneOffset.UTC))).as("rows past the window, of any address").isZero();
    }

    /** How many of {@code tokens} still reset the password, tried one after another. */
    private static int resetsThatWork(PortalExtension k, List<String> tokens) {
        int worked = 0;
        for (String t : tokens) {
            try {
                AuthTests.resets(k).reset(t, "a tried password " + worked, AuthTests.CLIENT);
                worked++;
            } catch (InvalidTokenException expected) {
                // voided or used
            }
        }
        return worked;
    }

    /** A live reset token written straight into the table, as an earlier release's race could leave. */
    private static String insertLiveToken(PortalExtension k, UUID userId) {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        AuthDb.update(k, "INSERT INTO portal.password_reset_tokens (user_id, token_hash, expires_at) VALUES (?, ?, ?)",
                userId, sha256(token),
                CLOCK.instant().plus(Duration.ofMinutes(30)).atOffset(ZoneOffset.UTC));
        return token;
    }

    private static long requestRows(PortalExtension k, String lowerCaseAddress) {
        return AuthDb.number(k, "SELECT count(*) FROM portal.password_reset_requests WHERE address_hash = ?",
                sha256(lowerCaseAddress));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
