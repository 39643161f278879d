package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #15, item 2, e-mail look-ups: login, reset request and findByEmail apply register's rule,
 * so an address register would refuse (here non-ASCII capitals that PostgreSQL's lower() maps to
 * ASCII letters: the dotted capital I and the Kelvin sign) matches nothing, and a reset request
 * answers with the address the account has, not the one typed.
 */
class EmailLookupIT {

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal();

    /** An ASCII account and look-alikes of its address that lower() may fold onto it. */
    record Target(User user, List<String> lookAlikes) {
    }

    private static Target target() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        User u = kit.portal().service(UserService.class).register(
                NewUser.member("kim-" + tag + "@example.com", AuthTests.PASSWORD, "Kim"), AuthTests.CLIENT);
        return new Target(u, List.of(
                "\u212Aim-" + tag + "@example.com",              // KELVIN SIGN for the K
                "K\u0130M-" + tag + "@example.com",              // LATIN CAPITAL LETTER I WITH DOT ABOVE
                "\u212A\u0130m-" + tag + "@EXAMPLE.COM"));        // both
    }

    /** What this server's lower() makes of the look-alike: whether a bare lower(email) = lower(?) would match. */
    private static boolean serverFolds(String lookAlike, String address) {
        return AuthDb.number(kit, "SELECT count(*) WHERE lower(CAST(? AS text)) = lower(CAST(? AS text))", lookAlike, address) == 1;
    }

    @Test
    void aLookAlikeAddressSignsIntoNoAccount() {
        Target t = target();
        AuthService auth = kit.portal().service(AuthService.class);
        for (String lookAlike : t.lookAlikes()) {
            String what = lookAlike + " (this server's lower() folds it onto the account: "
                    + serverFolds(lookAlike, t.user().email()) + ")";
            long seq = AuthDb.lastSeq(kit);
            assertThatThrownBy(() -> auth.login(lookAlike, AuthTests.PASSWORD, false, AuthTests.CLIENT))
                    .as("login as " + what).isInstanceOf(InvalidCredentialsException.class);
            assertThat(AuthDb.events(kit, t.user().id(), seq)).as("nothing about the account after " + what).isEmpty();
            assertThat(AuthDb.events(kit, null, seq)).as("audited as an unknown address: " + what)
                    .extracting(AuthDb.Event::action, AuthDb.Event::reason)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("auth.login_failed", "unknown_email"));
        }
        assertThat(auth.sessions(t.user().id())).isEmpty();
        auth.login(t.user().email().toUpperCase(Locale.ROOT), AuthTests.PASSWORD, false, AuthTests.CLIENT); // ASCII case still folds
    }

    @Test
    void findByEmailFindsNoAccountForALookAlike() {
        Target t = target();
        UserService users = kit.portal().service(UserService.class);
        for (String lookAlike : t.lookAlikes()) {
            assertThat(users.findByEmail(lookAlike)).as("findByEmail(" + lookAlike + ")").isEmpty();
        }
        assertThat(users.findByEmail(" " + t.user().email().toUpperCase(Locale.ROOT) + " ")).map(User::id)
                .as("surrounding spaces and ASCII case, as register treats them").contains(t.user().id());
        assertThat(users.findByEmail("not an address")).isEmpty();
    }

    @Test
    void aResetRequestForALookAlikeIsRefusedAndReachesNoAccount() {
        Target t = target();
        PasswordResetService resets = kit.portal().service(PasswordResetService.class);
        for (String lookAlike : t.lookAlikes()) {
            long seq = AuthDb.lastSeq(kit);
            assertThatThrownBy(() -> resets.request(lookAlike, AuthTests.CLIENT)).as("reset request for " + lookAlike)
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("email")).isTrue());
            assertThat(AuthDb.lastSeq(kit)).as("nothing written for " + lookAlike).isEqualTo(seq);
        }
        assertThat(AuthDb.number(kit, "SELECT count(*) FROM portal.password_reset_tokens WHERE user_id = ?", t.user().id()))
                .as("tokens issued to the ASCII account").isZero();
    }

    @Test
    void aResetRequestReturnsTheStoredAddressNotTheTypedOne() {
        String stored = "Mixed.Case-" + UUID.randomUUID().toString().substring(0, 8) + "@Example.COM";
        kit.portal().service(UserService.class).register(NewUser.member(stored, AuthTests.PASSWORD, "Mixed"), AuthTests.CLIENT);
        ResetRequest r = kit.portal().service(PasswordResetService.class)
                .request("  " + stored.toLowerCase(Locale.ROOT) + " ", AuthTests.CLIENT).orElseThrow();
        assertThat(r.email()).isEqualTo(stored);
        assertThat(r.toString()).doesNotContain(r.token());
        kit.portal().service(PasswordResetService.class).reset(r.token(), "a brand new password", AuthTests.CLIENT);
    }
}
