package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.PageRequest;
import dev.portalkit.testing.CapturedErr;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.TestData;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** No raw token or password anywhere it could be read back: any table, any log line. */
class SecretsIT {

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal();

    @Test
    void noRawTokenOrPasswordReachesAnyTableOrTheLog() {
        List<String> secrets = new ArrayList<>();
        String log = logOf(() -> {
            UserService users = AuthTests.users(kit);
            AuthService auth = AuthTests.auth(kit);
            String email = TestData.email("secret");
            User u = users.register(NewUser.member(email, "sapphire kettle drum", "Secret"), AuthTests.CLIENT);
            secrets.add("sapphire kettle drum");
            secrets.add(AuthTests.resets(kit).request(email, AuthTests.CLIENT).orElseThrow().token());
            secrets.add(auth.login(email, "sapphire kettle drum", true, AuthTests.CLIENT).token());
            secrets.add(users.requestEmailVerification(u.id(), AuthTests.CLIENT));
            assertThatThrownBy(() -> auth.login(email, "wrong but secret words", false, AuthTests.CLIENT))
                    .isInstanceOf(InvalidCredentialsException.class);
            secrets.add("wrong but secret words");
        });
        assertThat(secrets).hasSize(5);
        assertThat(log).contains("Login succeeded").contains("Login failed"); // the capture saw PortalKit's lines
        assertThat(log).doesNotContain("$2a$").doesNotContain("Parameters:"); // no hash, no bound SQL parameter
        String dump = everyStoredText();
        for (String s : secrets) {
            assertThat(log).doesNotContain(s);
            assertThat(dump).as("raw secret in a table").doesNotContain(s);
            if (s.length() == 43) { // a token: also its raw bytes, as hex, must not be stored
                assertThat(dump).doesNotContain(HexFormat.of().formatHex(Base64.getUrlDecoder().decode(s)));
            }
        }
        assertThat(kit.portal().service(ActivityLog.class).find(ActivityQuery.all(), PageRequest.first(500)).items())
                .extracting(e -> e.action()).contains("auth.login_succeeded", "auth.login_failed",
                        "password.reset_requested", "user.registered");
    }

    /**
     * Issue #15: a password typed into the e-mail field (and one typed where it belongs) is kept
     * nowhere: not in the audit trail of a failed login, not in any other column, not in the log,
     * whether the e-mail field holds no address, an unknown one or a known one.
     */
    @Test
    void nothingTypedAtAFailedLoginIsKeptInAnyColumnOrLogLine() {
        AuthService auth = AuthTests.auth(kit);
        User u = AuthTests.register(kit, "typed");
        String passwordAsEmail = "Tr0ub4dor and three horses";
        String passwordLikeAnAddress = "opal.lantern.stairs@vault.example"; // a password shaped like an address
        String passwordTyped = "violet anchor mirror";
        String typedAddress = u.email().toUpperCase(Locale.ROOT); // stored as registered, in lower case
        List<String[]> attempts = List.of(
                new String[] {passwordAsEmail, passwordTyped},
                new String[] {passwordLikeAnAddress, passwordTyped},
                new String[] {u.email(), passwordAsEmail},
                new String[] {typedAddress, passwordTyped});
        long seq = AuthDb.lastSeq(kit);
        String log = logOf(() -> {
            for (String[] a : attempts) {
                assertThatThrownBy(() -> auth.login(a[0], a[1], false, AuthTests.CLIENT))
                        .isInstanceOf(InvalidCredentialsException.class);
            }
        });
        assertThat(AuthDb.events(kit, null, seq)).as("failed logins without an account were audited")
                .extracting(AuthDb.Event::reason).containsExactly("unknown_email", "unknown_email");
        assertThat(AuthDb.events(kit, u.id(), seq)).as("failed logins of the account were audited").hasSize(2);
        String dump = everyStoredText();
        assertThat(log).contains("Login failed");
        for (String typed : List.of(passwordAsEmail, passwordLikeAnAddress, passwordTyped, "Tr0ub4dor", "opal.lantern")) {
            assertThat(dump).as("a column holding what was typed: " + typed).doesNotContainIgnoringCase(typed);
            assertThat(log).as("a log line holding what was typed: " + typed).doesNotContainIgnoringCase(typed);
        }
        assertThat(dump).as("the address as typed at the failed login").doesNotContain(typedAddress);
        assertThat(log).as("the address as typed at the failed login").doesNotContain(typedAddress);
    }

    /** What {@code calls} logged: System.err, where slf4j-simple writes, while they ran. */
    private static String logOf(Runnable calls) {
        try (CapturedErr err = CapturedErr.start()) {
            calls.run();
            return err.text();
        }
    }

    /**
     * Every text-like and bytea column of every PortalKit table, as text (bytea as hex), checked to
     * have reached more than 20 columns, among them every kind a secret could be written to.
     */
    private static String everyStoredText() {
        String dump = Queries.everyText(kit.portal().dataSource(), "portal");
        Matcher column = Pattern.compile("(?m)^(\\w+\\.\\w+)=").matcher(dump);
        assertThat(column.results().map(m -> m.group(1)).distinct().count()).as("columns scanned").isGreaterThan(20);
        assertThat(dump).as("columns scanned").contains("users.password_hash=", "users.email=",
                "activity_logs.metadata=", "activity_logs.user_agent=");
        return dump;
    }
}
