package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mindrot.jbcrypt.BCrypt;

class PasswordHandlingIT {

    /** Counts calls and records, at each one, whether the Portal's pool had a connection out. */
    static final class SpyHasher implements PasswordHasher {
        final PasswordHasher real = new dev.portalkit.auth.internal.BcryptHasher(4);
        final AtomicInteger hashes = new AtomicInteger();
        final AtomicInteger verifies = new AtomicInteger();
        final List<Integer> activeConnectionsWhileHashing = new ArrayList<>();
        volatile HikariDataSource pool;

        @Override
        public String hash(String password) {
            hashes.incrementAndGet();
            observe();
            return real.hash(password);
        }

        @Override
        public boolean verify(String password, String hash) {
            verifies.incrementAndGet();
            observe();
            return real.verify(password, hash);
        }

        @Override
        public boolean needsRehash(String hash) {
            return real.needsRehash(hash);
        }

        private synchronized void observe() {
            if (pool != null) {
                activeConnectionsWhileHashing.add(pool.getHikariPoolMXBean().getActiveConnections());
            }
        }
    }

    static final SpyHasher SPY = new SpyHasher();

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal(o -> o.hasher(SPY).lockoutThreshold(3), null);

    UserService users;
    AuthService auth;

    @BeforeEach
    void services() {
        users = kit.portal().service(UserService.class);
        auth = kit.portal().service(AuthService.class);
        SPY.pool = (HikariDataSource) kit.portal().dataSource();
    }

    private User register(String name) {
        return AuthTests.register(kit, name);
    }

    @Test
    void everyFailedLoginVerifiesExactlyOnceAndFailsTheSameWay() {
        User wrong = register("wrong");
        User locked = register("locked");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> auth.login(locked.email(), "bad password here", false, AuthTests.CLIENT));
        }
        User disabled = register("disabled");
        users.disable(disabled.id(), AuthTests.CLIENT);
        User deleted = register("deleted");
        users.delete(deleted.id(), AuthTests.CLIENT);

        List<String> messages = new ArrayList<>();
        record Attempt(String email, String password) {
        }
        for (Attempt a : List.of(
                new Attempt("nobody-" + UUID.randomUUID() + "@example.com", AuthTests.PASSWORD),
                new Attempt(wrong.email(), "not the password!"),
                new Attempt(locked.email(), AuthTests.PASSWORD),
                new Attempt(disabled.email(), AuthTests.PASSWORD),
                new Attempt(deleted.email(), AuthTests.PASSWORD))) {
            int before = SPY.verifies.get();
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                    () -> auth.login(a.email(), a.password(), false, AuthTests.CLIENT));
            assertThat(t).as(a.email()).isExactlyInstanceOf(InvalidCredentialsException.class);
            assertThat(SPY.verifies.get() - before).as("verifications for " + a.email()).isEqualTo(1);
            messages.add(t.getMessage());
        }
        assertThat(messages).containsOnly("[PK-2001] Invalid e-mail or password");
    }

    @Test
    void hashingNeverHappensWhileAConnectionIsHeld() {
        synchronized (SPY) {
            SPY.activeConnectionsWhileHashing.clear();
        }
        User u = register("pool");
        Login login = auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        auth.changePassword(login.token(), AuthTests.PASSWORD, "another good password", AuthTests.CLIENT);
        String reset = kit.portal().service(PasswordResetService.class).request(u.email(), AuthTests.CLIENT).orElseThrow().token();
        kit.portal().service(PasswordResetService.class).reset(reset, "a third good password", AuthTests.CLIENT);
        assertThatThrownBy(() -> auth.login(u.email(), "wrong wrong wrong", false, AuthTests.CLIENT));
        synchronized (SPY) {
            assertThat(SPY.activeConnectionsWhileHashing).hasSizeGreaterThanOrEqualTo(5).containsOnly(0);
        }
    }

    @Test
    void a73BytePasswordIsRefusedEverywhereAnd72BytesIsAccepted() {
        String bytes73 = "a".repeat(68) + "\uD83D\uDE00" + "b"; // 68 + 4 + 1 = 73 bytes
        String bytes72 = "a".repeat(67) + "\uD83D\uDE00" + "b"; // 72 bytes
        assertThat(bytes73.getBytes(StandardCharsets.UTF_8)).hasSize(73);
        assertThat(bytes72.getBytes(StandardCharsets.UTF_8)).hasSize(72);

        assertThatThrownBy(() -> users.register(NewUser.member(AuthTests.email("long"), bytes73, "Long"), AuthTests.CLIENT))
                .isInstanceOf(ValidationException.class).hasMessageContaining("password").hasMessageContaining("72 bytes");
        User u = users.register(NewUser.member(AuthTests.email("long"), bytes72, "Long"), AuthTests.CLIENT);
        Login login = auth.login(u.email(), bytes72, false, AuthTests.CLIENT);
        // Without the byte rule, bcrypt would accept this 73-byte variant as the same password.
        assertThatThrownBy(() -> auth.login(u.email(), bytes72 + "x", false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);

        assertThatThrownBy(() -> auth.changePassword(login.token(), bytes72, bytes73, AuthTests.CLIENT))
                .isInstanceOf(ValidationException.class).hasMessageContaining("newPassword");
        String reset = kit.portal().service(PasswordResetService.class).request(u.email(), AuthTests.CLIENT).orElseThrow().token();
        assertThatThrownBy(() -> kit.portal().service(PasswordResetService.class).reset(reset, bytes73, AuthTests.CLIENT))
                .isInstanceOf(ValidationException.class).hasMessageContaining("newPassword");
        kit.portal().service(PasswordResetService.class).reset(reset, bytes72.replace('a', 'c'), AuthTests.CLIENT);
    }

    @Test
    void thePolicyRefusesShortCommonAndEmailPasswords() {
        String email = AuthTests.email("policy");
        assertThatThrownBy(() -> users.register(NewUser.member(email, "short pass", "P"), AuthTests.CLIENT))
                .hasMessageContaining("at least 12 characters");
        assertThatThrownBy(() -> users.register(NewUser.member(email, "Password1234", "P"), AuthTests.CLIENT))
                .hasMessageContaining("most common passwords");
        assertThatThrownBy(() -> users.register(NewUser.member(email, email.toUpperCase(), "P"), AuthTests.CLIENT))
                .hasMessageContaining("must not be the e-mail");
        assertThat(users.findByEmail(email)).isEmpty();
        // No composition rules: a long lowercase passphrase is fine.
        users.register(NewUser.member(email, "purple monkey dishwasher", "P"), AuthTests.CLIENT);
    }

    @Test
    void malformedAndForeignHashesNeverThrow() throws SQLException {
        User u = register("hashes");
        setHash(u.id(), "not-a-bcrypt-hash");
        assertThatThrownBy(() -> auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
        setHash(u.id(), "");
        assertThatThrownBy(() -> auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
        // $2y$ (PHP) and $2b$ (OpenBSD) hashes are accepted, then replaced by $2a$ at the configured cost.
        String y = "$2y$" + BCrypt.hashpw(AuthTests.PASSWORD, BCrypt.gensalt(5)).substring(4);
        setHash(u.id(), y);
        auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        assertThat(hash(u.id())).startsWith("$2a$04$");
    }

    static void setHash(UUID id, String hash) throws SQLException {
        try (Connection c = kit.portal().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE portal.users SET password_hash = ? WHERE id = ?")) {
            ps.setString(1, hash);
            ps.setObject(2, id);
            ps.executeUpdate();
        }
    }

    static String hash(UUID id) throws SQLException {
        try (Connection c = kit.portal().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM portal.users WHERE id = ?")) {
            ps.setObject(1, id);
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }
}
