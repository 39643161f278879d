package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import dev.portalkit.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue #21, section 2: e-mail change by a token to the new address, and a user's own sessions. */
class EmailChangeIT {

    static final TestClock CLOCK = new TestClock(Instant.parse("2031-06-06T09:00:00Z"));

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal(o -> o.emailChangeTokenTtl(Duration.ofHours(2)), CLOCK);

    static long rows(String table, UUID userId) {
        return AuthDb.number(kit, "SELECT count(*) FROM portal." + table + " WHERE user_id = ?", userId);
    }

    @Test
    void theOldAddressKeepsWorkingUntilTheNewOneConfirms() {
        UserService users = AuthTests.users(kit);
        User u = AuthTests.register(kit, "mover");
        String newEmail = TestData.email("moved");
        long seq = AuthDb.lastSeq(kit);
        EmailChangeRequest req = users.requestEmailChange(u.id(), newEmail, AuthTests.CLIENT);
        assertThat(req.newEmail()).isEqualTo(newEmail);
        assertThat(req.oldEmail()).isEqualTo(u.email());
        assertThat(req.token()).hasSize(43);
        assertThat(req.toString()).doesNotContain(req.token());
        assertThat(AuthTests.login(kit, u).user().email()).as("the old address signs in until confirmed").isEqualTo(u.email());
        assertThatThrownBy(() -> AuthTests.auth(kit).login(newEmail, AuthTests.PASSWORD, false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
        String reset = AuthTests.resets(kit).request(u.email(), AuthTests.CLIENT).orElseThrow().token();

        User changed = users.confirmEmailChange(req.token(), AuthTests.CLIENT);
        assertThat(changed.email()).isEqualTo(newEmail);
        assertThat(changed.emailVerifiedAt()).isEqualTo(CLOCK.instant());
        assertThat(AuthTests.auth(kit).login(newEmail.toUpperCase(Locale.ROOT), AuthTests.PASSWORD, false, AuthTests.CLIENT)
                .user().id()).isEqualTo(u.id());
        assertThatThrownBy(() -> AuthTests.login(kit, u)).isInstanceOf(InvalidCredentialsException.class);
        assertThatThrownBy(() -> AuthTests.resets(kit).reset(reset, "a brand new passphrase", AuthTests.CLIENT))
                .as("a reset token sent to the old address stops working").isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> users.confirmEmailChange(req.token(), AuthTests.CLIENT)).as("single use")
                .isInstanceOf(InvalidTokenException.class);
        assertThat(AuthDb.events(kit, u.id(), seq)).extracting(AuthDb.Event::action)
                .contains("user.email_change_requested", "user.email_changed");
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.activity_logs WHERE action = 'user.email_change_requested'"
                + " AND entity_id = ? AND (coalesce(after::text, '') || coalesce(metadata::text, '')) ILIKE ?", u.id(),
                "%" + newEmail + "%")).as("the request's audit row holds no address").isZero();
    }

    @Test
    void aTokenExpiresAndANewerRequestVoidsTheOlder() {
        UserService users = AuthTests.users(kit);
        User u = AuthTests.register(kit, "expiry");
        EmailChangeRequest old = users.requestEmailChange(u.id(), TestData.email("first"), AuthTests.CLIENT);
        EmailChangeRequest newer = users.requestEmailChange(u.id(), TestData.email("second"), AuthTests.CLIENT);
        assertThatThrownBy(() -> users.confirmEmailChange(old.token(), AuthTests.CLIENT)).isInstanceOf(InvalidTokenException.class);
        CLOCK.advance(Duration.ofHours(2).plusSeconds(1));
        assertThatThrownBy(() -> users.confirmEmailChange(newer.token(), AuthTests.CLIENT)).isInstanceOf(InvalidTokenException.class);
        assertThat(users.find(u.id()).orElseThrow().email()).isEqualTo(u.email());
        assertThatThrownBy(() -> users.confirmEmailChange("not a token", AuthTests.CLIENT)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void badOrTakenAddressesAreRefusedAndWriteNothing() {
        UserService users = AuthTests.users(kit);
        User u = AuthTests.register(kit, "refused");
        User other = AuthTests.register(kit, "holder");
        long seq = AuthDb.lastSeq(kit);
        assertThatThrownBy(() -> users.requestEmailChange(u.id(), other.email().toUpperCase(Locale.ROOT), AuthTests.CLIENT))
                .isInstanceOf(EmailTakenException.class);
        for (String bad : new String[] {"", "no-at-sign", "ann@exam\u0130ple.com", "x".repeat(300) + "@example.com", u.email()}) {
            assertThatThrownBy(() -> users.requestEmailChange(u.id(), bad, AuthTests.CLIENT)).as(bad)
                    .isInstanceOf(ValidationException.class);
        }
        assertThatThrownBy(() -> users.requestEmailChange(u.id(), null, AuthTests.CLIENT)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> users.requestEmailChange(UUID.randomUUID(), TestData.email("ghost"), AuthTests.CLIENT))
                .isInstanceOf(NotFoundException.class);
        assertThat(rows("email_change_tokens", u.id())).isZero();
        assertThat(AuthDb.events(kit, u.id(), seq)).isEmpty();
    }

    @Test
    void anAddressTakenMeanwhileIsRefusedAtConfirmation() {
        UserService users = AuthTests.users(kit);
        User u = AuthTests.register(kit, "slow");
        String wanted = TestData.email("wanted");
        EmailChangeRequest req = users.requestEmailChange(u.id(), wanted, AuthTests.CLIENT);
        users.register(NewUser.member(wanted.toUpperCase(Locale.ROOT), AuthTests.PASSWORD, "Quick"), AuthTests.CLIENT);
        assertThatThrownBy(() -> users.confirmEmailChange(req.token(), AuthTests.CLIENT)).isInstanceOf(EmailTakenException.class);
        assertThat(users.find(u.id()).orElseThrow().email()).isEqualTo(u.email());
    }

    @Test
    void eightConfirmationsRacingForOneAddressLeaveExactlyOneWinner() {
        UserService users = AuthTests.users(kit);
        String wanted = TestData.email("contested");
        List<EmailChangeRequest> requests = new ArrayList<>();
        List<User> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            User u = AuthTests.register(kit, "racer" + i);
            racers.add(u);
            requests.add(users.requestEmailChange(u.id(), i % 2 == 0 ? wanted : wanted.toUpperCase(Locale.ROOT), AuthTests.CLIENT));
        }
        List<Race.Outcome<User>> out = Race.run(8, i -> () -> users.confirmEmailChange(requests.get(i).token(), AuthTests.CLIENT));
        assertThat(out).filteredOn(o -> !o.failed()).as("winners " + out).hasSize(1);
        assertThat(out).filteredOn(Race.Outcome::failed)
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(EmailTakenException.class));
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.users WHERE lower(email) = lower(?)", wanted)).isOne();
        long unchanged = racers.stream().filter(r -> users.find(r.id()).orElseThrow().email().equals(r.email())).count();
        assertThat(unchanged).isEqualTo(7);
    }

    @Test
    void aUserListsAndRevokesOnlyTheirOwnSessions() {
        AuthService auth = AuthTests.auth(kit);
        User ann = AuthTests.register(kit, "ann-sessions");
        User bob = AuthTests.register(kit, "bob-sessions");
        Login a1 = AuthTests.login(kit, ann);
        Login a2 = AuthTests.login(kit, ann);
        Login b1 = AuthTests.login(kit, bob);
        assertThat(auth.sessions(ann.id())).extracting(Session::id).containsExactlyInAnyOrder(a1.session().id(), a2.session().id());
        assertThat(auth.sessions(ann.id())).allSatisfy(s -> {
            assertThat(s.ip()).isEqualTo("203.0.113.9");
            assertThat(s.userAgent()).isEqualTo("JUnit browser");
        });
        long seq = AuthDb.lastSeq(kit);
        assertThatThrownBy(() -> auth.revokeSession(ann.id(), b1.session().id(), AuthTests.CLIENT))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.entity()).isEqualTo("Session"));
        assertThatThrownBy(() -> auth.revokeSession(ann.id(), UUID.randomUUID(), AuthTests.CLIENT))
                .isInstanceOf(NotFoundException.class);
        assertThat(auth.authenticate(b1.token())).as("someone else's session is untouched").isPresent();
        assertThat(AuthDb.events(kit, ann.id(), seq)).isEmpty();

        auth.revokeSession(ann.id(), a1.session().id(), AuthTests.CLIENT);
        assertThat(auth.authenticate(a1.token())).isEmpty();
        assertThat(auth.authenticate(a2.token())).isPresent();
        assertThat(auth.sessions(ann.id())).extracting(Session::id).containsExactly(a2.session().id());
        assertThat(AuthDb.events(kit, ann.id(), seq)).extracting(AuthDb.Event::action, AuthDb.Event::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("session.revoked", "REVOKED_BY_USER"));
        assertThatThrownBy(() -> auth.revokeSession(ann.id(), a1.session().id(), AuthTests.CLIENT)).as("already ended")
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> auth.revokeSession(null, a2.session().id(), AuthTests.CLIENT))
                .isInstanceOf(ValidationException.class);
    }
}
