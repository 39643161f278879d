package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.MigrationMode;
import dev.portalkit.core.Portal;
import dev.portalkit.testing.TestDatabase;
import dev.portalkit.testing.TestDatabases;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "The same work" as the database sees it: every statement a call sends (and every commit),
 * recorded by a DataSource wrapped around the Portal's, compared between calls whose outcome must
 * not be told apart by what they cost. Issue #15: a reset request for an unknown address cost one
 * SELECT, a known one an UPDATE, an INSERT and an audit row.
 */
class SameWorkIT {

    static final AuthOptions OPTIONS = AuthOptions.builder().bcryptCost(4).build();
    static final List<String> SENT = Collections.synchronizedList(new ArrayList<>());
    static volatile Thread recording;
    static TestDatabase db;
    static Portal portal;

    @BeforeAll
    static void start() {
        db = TestDatabases.migrated("portal", List.of(new AuthModule(OPTIONS)));
        portal = Portal.builder().dataSource(recorded(db.dataSource())).migration(MigrationMode.NONE)
                .install(new AuthModule(OPTIONS)).build();
    }

    @AfterAll
    static void stop() {
        if (portal != null) {
            portal.close();
        }
        if (db != null) {
            TestDatabases.server().dropDatabase(db.name());
        }
    }

    /** The statements {@code call} sent from this thread, in order, with COMMIT and ROLLBACK. */
    private static List<String> sent(Runnable call) {
        SENT.clear();
        recording = Thread.currentThread();
        try {
            call.run();
        } catch (InvalidCredentialsException expected) {
            // a failed login: its work is what is compared
        } finally {
            recording = null;
        }
        return List.copyOf(SENT);
    }

    private static User register(String name) {
        return portal.service(UserService.class).register(
                NewUser.member(AuthTests.email(name), AuthTests.PASSWORD, name), AuthTests.CLIENT);
    }

    @Test
    void aResetRequestRunsTheSameStatementsAndAuditsTheSameShapeWithOrWithoutAnAccount() throws Exception {
        PasswordResetService resets = portal.service(PasswordResetService.class);
        User warm = register("warm");
        resets.request(warm.email(), AuthTests.CLIENT); // first calls parse and cache statements
        resets.request(AuthTests.email("warm-nobody"), AuthTests.CLIENT);

        User u = register("known");
        String nobody = AuthTests.email("nobody");
        List<String> known = sent(() -> assertThat(resets.request(u.email(), AuthTests.CLIENT)).isPresent());
        List<String> unknown = sent(() -> assertThat(resets.request(nobody, AuthTests.CLIENT)).isEmpty());

        assertThat(known).as("the recorder saw the request's statements")
                .anyMatch(s -> s.contains("password_reset_tokens")).anyMatch(s -> s.contains("activity_logs"))
                .contains("COMMIT");
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
        AuthService auth = portal.service(AuthService.class);
        User warm = register("warm-login");
        assertThatThrownBy(() -> auth.login(warm.email(), "a wrong password", false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);

        User u = register("login-shapes");
        List<String> unknown = sent(() -> auth.login(AuthTests.email("nobody"), AuthTests.PASSWORD, false, AuthTests.CLIENT));
        List<String> wrong = sent(() -> auth.login(u.email(), "a wrong password", false, AuthTests.CLIENT));
        for (int i = 0; i < OPTIONS.lockoutThreshold() - 1; i++) {
            sent(() -> auth.login(u.email(), "a wrong password", false, AuthTests.CLIENT)); // the lock comes last
        }
        List<String> wrongWhileLocked = sent(() -> auth.login(u.email(), "a wrong password", false, AuthTests.CLIENT));
        List<String> rightWhileLocked = sent(() -> auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT));

        assertThat(wrong).as("the recorder saw the login").anyMatch(s -> s.contains("activity_logs")).contains("COMMIT");
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
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
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

    /** A DataSource whose connections record, for the recording thread, each statement's SQL and each commit. */
    private static DataSource recorded(DataSource target) {
        return proxy(DataSource.class, target, (m, args, result) ->
                m.getName().equals("getConnection") ? proxy(Connection.class, result, SameWorkIT::connectionCall) : result);
    }

    private static Object connectionCall(Method m, Object[] args, Object result) {
        if (Thread.currentThread() == recording) {
            switch (m.getName()) {
                case "prepareStatement", "prepareCall" -> SENT.add(((String) args[0]).strip().replaceAll("\\s+", " "));
                case "commit" -> SENT.add("COMMIT");
                case "rollback" -> SENT.add("ROLLBACK");
                default -> { }
            }
        }
        if (m.getName().equals("createStatement")) {
            return proxy(Statement.class, result, (sm, sargs, sresult) -> {
                if (Thread.currentThread() == recording && sm.getName().startsWith("execute") && sargs != null
                        && sargs.length > 0 && sargs[0] instanceof String sql) {
                    SENT.add(sql.strip().replaceAll("\\s+", " "));
                }
                return sresult;
            });
        }
        return result;
    }

    interface After {
        Object apply(Method m, Object[] args, Object result) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Object target, After after) {
        InvocationHandler h = (p, m, args) -> {
            Object result;
            try {
                result = m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(m, args, result);
        };
        return type.cast(Proxy.newProxyInstance(SameWorkIT.class.getClassLoader(), new Class<?>[] {type}, h));
    }
}
