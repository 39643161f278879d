package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.StatementLog;
import dev.portalkit.testing.TestData;
import dev.portalkit.testing.WireCounter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "The same work" as the database sees it: every statement a call sends (and every commit),
 * recorded by the kit's {@link StatementLog} around the Portal's DataSource, compared between calls whose outcome must
 * not be told apart by what they cost. Issue #15: a reset request for an unknown address cost one
 * SELECT, a known one an UPDATE, an INSERT and an audit row.
 */
class SameWorkIT {

    static final AuthOptions OPTIONS = AuthOptions.builder().bcryptCost(4).build();
    static final StatementLog SENT = WireCounter.statementLog();

    /** Auth on a DataSource that records every statement it is sent. */
    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder().install(new AuthModule(OPTIONS))
            .configure((b, db) -> b.jdbcUrl(null).username(null).password(null).dataSource(SENT.wrap(db.dataSource())))
            .build();

    /** The round trips {@code call} cost, in order: each statement, each COMMIT and ROLLBACK sent. */
    private static List<String> sent(Runnable call) {
        return SENT.during(() -> {
            try {
                call.run();
            } catch (InvalidCredentialsException expected) {
                // a failed login: its work is what is compared
            }
        });
    }

    /** A COMMIT sent alone, or riding with the transaction's last statement ({@code ...; COMMIT}). */
    private static boolean commits(String roundTrip) {
        return roundTrip.equals("COMMIT") || roundTrip.endsWith("; COMMIT");
    }

    @Test
    void aResetRequestRunsTheSameStatementsAndAuditsTheSameShapeWithOrWithoutAnAccount() throws Exception {
        PasswordResetService resets = AuthTests.resets(kit);
        User warm = AuthTests.register(kit, "warm");
        resets.request(warm.email(), AuthTests.CLIENT); // first calls parse and cache statements
        resets.request(TestData.email("warm-nobody"), AuthTests.CLIENT);

        User u = AuthTests.register(kit, "known");
        String nobody = TestData.email("nobody");
        List<String> known = sent(() -> assertThat(resets.request(u.email(), AuthTests.CLIENT)).isPresent());
        List<String> unknown = sent(() -> assertThat(resets.request(nobody, AuthTests.CLIENT)).isEmpty());

        assertThat(known).as("the recorder saw the request's statements")
                .anyMatch(s -> s.contains("password_reset_tokens")).anyMatch(s -> s.contains("activity_logs"))
                .anyMatch(SameWorkIT::commits);
        assertThat(unknown).as("statements for an address without an account, against those for one with").isEqualTo(known);
        System.out.printf("SameWorkIT: a reset request sends %d statements either way:%n  %s%n", known.size(),
                String.join("\n  ", known));

        List<Map<String, Object>> rows = auditRows("password.reset_requested", 2);
        Map<String, Object> forKnown = rows.get(0);
        Map<String, Object> forUnknown = rows.get(1);
        assertThat(forKnown.remove("entity_id")).isEqualTo(u.id());
        assertThat(forUnknown.remove("entity_id")).isNull();
        assertThat(forUnknown).as("the audit row without a user, against the one with").isEqualTo(forKnown);
    }

    @Test
    void everyKindOfFailedLoginRunsTheSameStatements() {
        AuthService auth = AuthTests.auth(kit);
        User warm = AuthTests.register(kit, "warm-login");
        assertThatThrownBy(() -> auth.login(warm.email(), "a wrong password", false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);

        User u = AuthTests.register(kit, "login-shapes");
        List<String> unknown = sent(() -> auth.login(TestData.email("nobody"), AuthTests.PASSWORD, false, AuthTests.CLIENT));
        List<String> wrong = sent(() -> auth.login(u.email(), "a wrong password", false, AuthTests.CLIENT));
        for (int i = 0; i < OPTIONS.lockoutThreshold() - 1; i++) {
            sent(() -> auth.login(u.email(), "a wrong password", false, AuthTests.CLIENT)); // the lock comes last
        }
        List<String> wrongWhileLocked = sent(() -> auth.login(u.email(), "a wrong password", false, AuthTests.CLIENT));
        List<String> rightWhileLocked = sent(() -> auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT));

        assertThat(wrong).as("the recorder saw the login").anyMatch(s -> s.contains("activity_logs"))
                .anyMatch(SameWorkIT::commits);
        assertThat(unknown).as("no account, against a wrong password").isEqualTo(wrong);
        System.out.printf("SameWorkIT: a failed login sends %d statements:%n  %s%n", wrong.size(), String.join("\n  ", wrong));
        assertThat(wrongWhileLocked).as("a wrong password during the lock, against one before it").isEqualTo(wrong);
        assertThat(rightWhileLocked).as("the right password refused during the lock: as many statements")
                .hasSameSizeAs(wrong);
        List<String> differing = new ArrayList<>();
        for (int i = 0; i < wrong.size(); i++) {
            if (!wrong.get(i).equals(rightWhileLocked.get(i))) {
                differing.add(rightWhileLocked.get(i));
            }
        }
        assertThat(differing).as("only the deciding UPDATE differs").singleElement()
                .satisfies(s -> assertThat(s).contains("UPDATE").contains("users"));
    }

    private static List<Map<String, Object>> auditRows(String action, int last) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = kit.database().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM (SELECT seq, entity_type, entity_id, before::text, after::text, metadata::text, actor_id,"
                        + " actor_email, actor_role, host(ip) AS ip, user_agent, request_id FROM portal.activity_logs"
                        + " WHERE action = ? ORDER BY seq DESC LIMIT ?) r ORDER BY seq")) {
            ps.setString(1, action);
            ps.setInt(2, last);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new java.util.TreeMap<>();
                    for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
