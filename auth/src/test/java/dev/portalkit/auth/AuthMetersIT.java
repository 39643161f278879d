package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.PortalException;
import dev.portalkit.core.TransientException;
import dev.portalkit.testing.PortalExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code portalkit.auth.logins}, tagged {@code outcome} success, failed or busy (README, "Metrics"). */
class AuthMetersIT {

    static final GatedHasher HASHER = new GatedHasher();
    static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    static final ExecutorService THREADS = Executors.newSingleThreadExecutor();

    /** One hashing slot and a short wait for it, so that a held verification makes the next login busy. */
    @RegisterExtension
    static final PortalExtension kit = PortalExtension.builder()
            .install(new AuthModule(AuthOptions.builder().bcryptCost(4).hasher(HASHER).hashingConcurrency(1)
                    .hashingWait(Duration.ofMillis(200)).build()))
            .configure(b -> b.meterRegistry(registry))
            .build();

    @AfterAll
    static void stopThreads() {
        THREADS.shutdownNow();
    }

    private static double logins(String outcome) {
        Counter c = registry.find("portalkit.auth.logins").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void everyLoginIsCountedByItsOutcome() throws Exception {
        User u = AuthTests.register(kit, "metered");
        AuthService auth = AuthTests.auth(kit);

        AuthTests.login(kit, u);
        assertThatThrownBy(() -> auth.login(u.email(), "not the password at all", false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThatThrownBy(() -> auth.login("nobody@example.com", "not the password at all", false, AuthTests.CLIENT))
                .isInstanceOf(InvalidCredentialsException.class);

        HASHER.hold(AuthTests.PASSWORD);
        Future<Login> held = THREADS.submit(() -> AuthTests.login(kit, u));
        HASHER.awaitHeld(); // it holds the only slot
        assertThatThrownBy(() -> auth.login(u.email(), "not the password at all", false, AuthTests.CLIENT))
                .isInstanceOfSatisfying(TransientException.class, e -> assertThat(e.code()).isEqualTo(AuthError.HASHING_BUSY));
        HASHER.release();
        held.get(60, TimeUnit.SECONDS);

        // A refusal inside a transaction is a host's mistake, not a login: portalkit.calls counts it.
        assertThatThrownBy(() -> kit.portal().inTransaction(() -> AuthTests.login(kit, u)))
                .isInstanceOfSatisfying(PortalException.class,
                        e -> assertThat(e.code()).isEqualTo(AuthError.LOGIN_IN_TRANSACTION));

        assertThat(logins("success")).isEqualTo(2);
        assertThat(logins("failed")).isEqualTo(2);
        assertThat(logins("busy")).isEqualTo(1);
        assertThat(registry.find("portalkit.auth.logins").counters()).hasSize(3);
        assertThat(registry.find("portalkit.calls").tag("service", "AuthService").tag("method", "login")
                .tag("error", "PK-2007").timer()).isNotNull();
    }
}
