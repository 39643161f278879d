package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.ConflictException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestData;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real threads racing against PostgreSQL. */
class AuthConcurrencyIT {

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal(o -> o.lockoutThreshold(1000), null);

    /** Every outcome either succeeded or failed with {@code expected}; how many succeeded. */
    private static <T> long successes(List<Race.Outcome<T>> outcomes, Class<? extends Throwable> expected) {
        assertThat(outcomes).filteredOn(Race.Outcome::failed).as("the calls that failed " + outcomes)
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(expected));
        return outcomes.stream().filter(o -> !o.failed()).count();
    }

    @Test
    void tenThreadsRedeemingOneResetTokenSucceedExactlyOnce() {
        User u = AuthTests.register(kit, "reset-race");
        PasswordResetService resets = AuthTests.resets(kit);
        String token = resets.request(u.email(), AuthTests.CLIENT).orElseThrow().token();
        List<Race.Outcome<Boolean>> outcomes = Race.run(10, i -> () -> {
            resets.reset(token, "new password number " + i, AuthTests.CLIENT);
            return true;
        });
        assertThat(successes(outcomes, InvalidTokenException.class)).isEqualTo(1);
    }

    @Test
    void twentyThreadsRegisteringOneEmailMakeExactlyOneUser() {
        String email = TestData.email("register-race");
        UserService users = AuthTests.users(kit);
        List<Race.Outcome<User>> outcomes = Race.run(20, () ->
                users.register(NewUser.member(email, AuthTests.PASSWORD, "Racer"), AuthTests.CLIENT));
        assertThat(successes(outcomes, EmailTakenException.class)).isEqualTo(1);
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.users WHERE lower(email) = lower(?)", email)).isEqualTo(1);
        assertThat(new EmailTakenException()).isInstanceOf(ConflictException.class);
    }

    @Test
    void twentyConcurrentWrongPasswordsCountTwenty() {
        User u = AuthTests.register(kit, "wrong-race");
        UUID id = u.id();
        AuthService auth = AuthTests.auth(kit);
        List<Race.Outcome<Login>> outcomes = Race.run(20, () ->
                auth.login(u.email(), "not the right password", false, AuthTests.CLIENT));
        assertThat(successes(outcomes, InvalidCredentialsException.class)).isZero();
        assertThat(AuthDb.lock(kit, id).failedLogins()).isEqualTo(20);
    }
}
