package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.ActivityLog;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.PageRequest;
import dev.portalkit.testing.PortalExtension;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** No raw token or password anywhere it could be read back: any table, any log line. */
class SecretsIT {

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal();

    @Test
    void noRawTokenOrPasswordReachesAnyTableOrTheLog() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        List<String> secrets = new ArrayList<>();
        try {
            UserService users = kit.portal().service(UserService.class);
            AuthService auth = kit.portal().service(AuthService.class);
            String email = AuthTests.email("secret");
            User u = users.register(NewUser.member(email, "sapphire kettle drum", "Secret"), AuthTests.CLIENT);
            secrets.add("sapphire kettle drum");
            String reset = kit.portal().service(PasswordResetService.class).request(email, AuthTests.CLIENT).orElseThrow().token();
            secrets.add(reset);
            Login login = auth.login(email, "sapphire kettle drum", true, AuthTests.CLIENT);
            secrets.add(login.token());
            secrets.add(users.requestEmailVerification(u.id(), AuthTests.CLIENT));
            auth.login(email, "wrong but secret words", false, AuthTests.CLIENT);
        } catch (InvalidCredentialsException expected) {
            secrets.add("wrong but secret words");
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(secrets).hasSize(5);
        assertThat(log).contains("Login succeeded").contains("Login failed"); // the capture saw PortalKit's lines
        assertThat(log).doesNotContain("$2a$").doesNotContain("Parameters:"); // no hash, no bound SQL parameter
        for (String s : secrets) {
            assertThat(log).doesNotContain(s);
        }
        String dump = dumpEveryTextAndByteaColumn();
        for (String s : secrets) {
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
    void nothingTypedAtAFailedLoginIsKeptInAnyColumnOrLogLine() throws Exception {
        UserService users = kit.portal().service(UserService.class);
        AuthService auth = kit.portal().service(AuthService.class);
        User u = users.register(NewUser.member(AuthTests.email("typed"), AuthTests.PASSWORD, "Typed"), AuthTests.CLIENT);
        String passwordAsEmail = "Tr0ub4dor and three horses";
        String passwordLikeAnAddress = "opal.lantern.stairs@vault.example"; // a password shaped like an address
        String passwordTyped = "violet anchor mirror";
        List<String[]> attempts = List.of(
                new String[] {passwordAsEmail, passwordTyped},
                new String[] {passwordLikeAnAddress, passwordTyped},
                new String[] {u.email(), passwordAsEmail},
                new String[] {u.email().toUpperCase(java.util.Locale.ROOT), passwordTyped});
        long seq = AuthDb.lastSeq(kit);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        try {
            for (String[] a : attempts) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> auth.login(a[0], a[1], false, AuthTests.CLIENT))
                        .isInstanceOf(InvalidCredentialsException.class);
            }
        } finally {
            System.setErr(original);
        }
        assertThat(AuthDb.events(kit, null, seq)).as("failed logins without an account were audited")
                .extracting(AuthDb.Event::reason).containsExactly("unknown_email", "unknown_email");
        assertThat(AuthDb.events(kit, u.id(), seq)).as("failed logins of the account were audited").hasSize(2);
        String dump = dumpEveryTextAndByteaColumn();
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("Login failed");
        for (String typed : List.of(passwordAsEmail, passwordLikeAnAddress, passwordTyped, "Tr0ub4dor", "opal.lantern")) {
            assertThat(dump).as("a column holding what was typed: " + typed).doesNotContainIgnoringCase(typed);
            assertThat(log).as("a log line holding what was typed: " + typed).doesNotContainIgnoringCase(typed);
        }
        String typedAddress = u.email().toUpperCase(java.util.Locale.ROOT); // stored as registered, in lower case
        assertThat(dump).as("the address as typed at the failed login").doesNotContain(typedAddress);
        assertThat(log).as("the address as typed at the failed login").doesNotContain(typedAddress);
    }

    /** Every text-like and bytea column of every PortalKit table, as text (bytea as hex). */
    private static String dumpEveryTextAndByteaColumn() throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = kit.portal().dataSource().getConnection()) {
            List<String[]> columns = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT table_name, column_name, data_type FROM information_schema.columns
                     WHERE table_schema = 'portal'
                       AND data_type IN ('text', 'character varying', 'character', 'bytea', 'jsonb', 'json', 'ARRAY', 'inet')""")) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            assertThat(columns.size()).isGreaterThan(20);
            for (String[] col : columns) {
                String expr = col[2].equals("bytea") ? "encode(\"" + col[1] + "\", 'hex')" : "\"" + col[1] + "\"::text";
                try (PreparedStatement ps = c.prepareStatement("SELECT " + expr + " FROM portal.\"" + col[0] + "\"");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
