package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.core.ConflictException;
import dev.portalkit.testing.PortalExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real threads racing against PostgreSQL. */
class AuthConcurrencyIT {

    @RegisterExtension
    static final PortalExtension kit = AuthTests.portal(o -> o.lockoutThreshold(1000), null);

    /** Runs {@code n} copies of {@code task} released at once; returns how many returned true. */
    static int race(int n, Callable<Boolean> task) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    barrier.await();
                    return task.call();
                }));
            }
            int wins = 0;
            for (Future<Boolean> f : results) {
                wins += f.get() ? 1 : 0;
            }
            return wins;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tenThreadsRedeemingOneResetTokenSucceedExactlyOnce() throws Exception {
        String email = AuthTests.email("reset-race");
        kit.portal().service(UserService.class).register(NewUser.member(email, AuthTests.PASSWORD, "Race"), AuthTests.CLIENT);
        String token = kit.portal().service(PasswordResetService.class).request(email, AuthTests.CLIENT).orElseThrow().token();
        PasswordResetService resets = kit.portal().service(PasswordResetService.class);
        int[] n = {0};
        int wins = race(10, () -> {
            String password;
            synchronized (n) {
                password = "new password number " + n[0]++;
            }
            try {
                resets.reset(token, password, AuthTests.CLIENT);
                return true;
            } catch (InvalidTokenException e) {
                return false;
            }
        });
        assertThat(wins).isEqualTo(1);
    }

    @Test
    void twentyThreadsRegisteringOneEmailMakeExactlyOneUser() throws Exception {
        String email = AuthTests.email("register-race");
        UserService users = kit.portal().service(UserService.class);
        int wins = race(20, () -> {
            try {
                users.register(NewUser.member(email, AuthTests.PASSWORD, "Racer"), AuthTests.CLIENT);
                return true;
            } catch (EmailTakenException e) {
                return false;
            }
        });
        assertThat(wins).isEqualTo(1);
        try (Connection c = kit.portal().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM portal.users WHERE lower(email) = lower(?)")) {
            ps.setString(1, email);
            ResultSet rs = ps.executeQuery();
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        assertThat(new EmailTakenException()).isInstanceOf(ConflictException.class);
    }

    @Test
    void twentyConcurrentWrongPasswordsCountTwenty() throws Exception {
        String email = AuthTests.email("wrong-race");
        UUID id = kit.portal().service(UserService.class)
                .register(NewUser.member(email, AuthTests.PASSWORD, "Wrong"), AuthTests.CLIENT).id();
        AuthService auth = kit.portal().service(AuthService.class);
        int wins = race(20, () -> {
            try {
                auth.login(email, "not the right password", false, AuthTests.CLIENT);
                return true;
            } catch (InvalidCredentialsException e) {
                return false;
            }
        });
        assertThat(wins).isZero();
        try (Connection c = kit.portal().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT failed_logins FROM portal.users WHERE id = ?")) {
            ps.setObject(1, id);
            ResultSet rs = ps.executeQuery();
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(20);
        }
    }
}
