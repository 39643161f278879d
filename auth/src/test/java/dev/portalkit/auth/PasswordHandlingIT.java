package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
        users = AuthTests.users(kit);
        auth = AuthTests.auth(kit);
        SPY.pool = (HikariDataSource) kit.portal().dataSource();
    }

    @Test
    void everyFailedLoginVerifiesExactlyOnceAndFailsTheSameWay() {
        User wrong = AuthTests.register(kit, "wrong");
        User locked = AuthTests.register(kit, "locked");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> auth.login(locked.email(), "bad password here", false, AuthTests.CLIENT));
        }
        User disabled = AuthTests.register(kit, "disabled");
        users.disable(disabled.id(), AuthTests.CLIENT);
        User deleted = AuthTests.register(kit, "deleted");
        users.delete(deleted.id(), AuthTests.CLIENT);

        List<String> messages = new ArrayList<>();
        record Attempt(String email, String password) {
        }
        for (Attempt a : List.of(
                new Attempt(TestData.email("nobody"), AuthTests.PASSWORD),
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
        User u = AuthTests.register(kit, "pool");
        Login login = auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        auth.changePassword(login.token(), AuthTests.PASSWORD, "another good password", AuthTests.CLIENT);
        String reset = AuthTests.resets(kit).request(u.email(), AuthTests.CLIENT).orElseThrow().token();
        AuthTests.resets(kit).reset(reset, "a third good password", AuthTests.CLIENT);
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

        assertThatThrownBy(() -> users.register(NewUser.member(TestData.email("long"), bytes73, "Long"), AuthTests.CLIENT))
                .isInstanceOf(ValidationException.class).hasMessageContaining("password").hasMessageContaining("72 bytes");
        User u = users.register(NewUser.member(TestData.email("long"), bytes72, "Long"), AuthTests.CLIENT);
        Login login = auth.login(u.email(), bytes72, false, AuthTests.CLIENT);
        // Without the byte rule, bcrypt would accept this 73-byte variant as the same password.
        assertThatThrownBy(() -> auth.login(u.email(), bytes72 + "x", false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);

        assertThatThrownBy(() -> auth.changePassword(login.token(), bytes72, bytes73, AuthTests.CLIENT))
                .isInstanceOf(ValidationException.class).hasMessageContaining("newPassword");
        String reset = AuthTests.resets(kit).request(u.email(), AuthTests.CLIENT).orElseThrow().token();
        assertThatThrownBy(() -> AuthTests.resets(kit).reset(reset, bytes73, AuthTests.CLIENT))
                .isInstanceOf(ValidationException.class).hasMessageContaining("newPassword");
        AuthTests.resets(kit).reset(reset, bytes72.replace('a', 'c'), AuthTests.CLIENT);
    }

    @Test
    void thePolicyRefusesShortCommonAndEmailPasswords() {
        String email = TestData.email("policy");
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
    void malformedAndForeignHashesNeverThrow() {
        User u = AuthTests.register(kit, "hashes");
        AuthDb.setPasswordHash(kit, u.id(), "not-a-bcrypt-hash");
        assertThatThrownBy(() -> auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
        AuthDb.setPasswordHash(kit, u.id(), "");
        assertThatThrownBy(() -> auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
        // $2y$ (PHP) and $2b$ (OpenBSD) hashes are accepted, then replaced by $2a$ at the configured cost.
        String y = "$2y$" + BCrypt.hashpw(AuthTests.PASSWORD, BCrypt.gensalt(5)).substring(4);
        AuthDb.setPasswordHash(kit, u.id(), y);
        auth.login(u.email(), AuthTests.PASSWORD, false, AuthTests.CLIENT);
        assertThat(AuthDb.passwordHash(kit, u.id())).startsWith("$2a$04$");
    }
}
