package dev.portalkit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.PortalConfigurationException;
import dev.portalkit.core.Setting;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Every bad setting is a PortalConfigurationException (PK-1000) naming it; all of them at once. */
class AuthOptionsTest {

    /** The problems {@code build()} reports for the given settings; fails if it builds. */
    private static List<String> problems(UnaryOperator<AuthOptions.Builder> settings) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> settings.apply(AuthOptions.builder()).build());
        assertThat(t).isInstanceOfSatisfying(PortalConfigurationException.class,
                e -> assertThat(e.code()).isEqualTo(CoreError.INVALID_CONFIGURATION));
        PortalConfigurationException e = (PortalConfigurationException) t;
        assertThat(e.getMessage()).startsWith("[PK-1000]");
        e.problems().forEach(p -> assertThat(e.getMessage()).contains(p));
        return e.problems();
    }

    @Test
    void theDefaultsAndTheTestCostBuild() {
        assertThat(AuthOptions.defaults().bcryptCost()).isEqualTo(12);
        for (int cost : new int[] {4, 10, 14}) {
            assertThat(AuthOptions.builder().bcryptCost(cost).build().bcryptCost()).isEqualTo(cost);
        }
        // With a host's hasher, bcryptCost is not used, so not checked.
        assertThat(AuthOptions.builder().bcryptCost(0).hasher(new GatedHasher()).build().hasher()).isNotNull();
    }

    @Test
    void aBcryptCostOutsideTenToFourteenOrFourIsRefused() {
        for (int cost : new int[] {3, 5, 9, 15, 31, -1}) {
            assertThat(problems(b -> b.bcryptCost(cost))).as("cost %d", cost)
                    .containsExactly("bcryptCost is " + cost + ": use 10 to 14 (4 only in tests) (default 12)");
        }
    }

    @Test
    void totpKeysMustBe32BytesWithAnIdAndAreCopiedAndNeverPrinted() {
        byte[] key = new byte[32];
        key[0] = 9;
        AuthOptions o = AuthOptions.builder().totpKey("k2", key).previousTotpKey("k1", new byte[32]).build();
        key[0] = 1;
        assertThat(o.totpKeyId()).isEqualTo("k2");
        assertThat(o.totpKey("k2")[0]).as("a copy: the caller's array may change").isEqualTo((byte) 9);
        assertThat(o.totpKey("k1")).hasSize(32);
        assertThat(o.totpKey("none")).isNull();
        assertThat(o.toString()).contains("totpKeys=[k2, k1]").doesNotContain("[B@");
        assertThat(AuthOptions.defaults().totpKeyId()).isNull();
        assertThat(problems(b -> b.totpKey("k1", new byte[16])))
                .containsExactly("totpKey k1 must be 32 bytes (AES-256), was 16 bytes");
        assertThat(problems(b -> b.totpKey("k1", null))).containsExactly("totpKey k1 must be 32 bytes (AES-256), was null");
        assertThat(problems(b -> b.totpKey("bad id!", new byte[32])))
                .containsExactly("a totpKey id must be 1 to 32 letters, digits or . _ - (was bad id!)");
        assertThat(problems(b -> b.totpIssuer("")))
                .containsExactly("totpIssuer must be 1 to 64 letters, digits, spaces or . _ - (was ) (default PortalKit)");
        assertThat(problems(b -> b.totpIssuer(null).totpKey("k", new byte[1]))).hasSize(2);
    }

    @Test
    void countsMustBeAtLeastOne() {
        assertThat(problems(b -> b.hashingConcurrency(0))).singleElement().asString()
                .startsWith("hashingConcurrency must be at least 1, was 0");
        assertThat(problems(b -> b.lockoutThreshold(0))).containsExactly("lockoutThreshold must be at least 1, was 0 (default 5)");
        assertThat(problems(b -> b.resetRequestLimit(-3)))
                .containsExactly("resetRequestLimit must be at least 1, was -3 (default 3)");
        assertThat(problems(b -> b.maxSessionsPerUser(0)))
                .containsExactly("maxSessionsPerUser must be at least 1, was 0 (default 10)");
    }

    @Test
    void everyDurationMustBeSetAndPositive() {
        record Case(String name, UnaryOperator<AuthOptions.Builder> zero, UnaryOperator<AuthOptions.Builder> none) {
        }
        List<Case> cases = List.of(
                new Case("hashingWait", b -> b.hashingWait(Duration.ZERO), b -> b.hashingWait(null)),
                new Case("failureResetAfter", b -> b.failureResetAfter(Duration.ZERO), b -> b.failureResetAfter(null)),
                new Case("idleTimeout", b -> b.idleTimeout(Duration.ZERO), b -> b.idleTimeout(null)),
                new Case("absoluteTimeout", b -> b.absoluteTimeout(Duration.ZERO), b -> b.absoluteTimeout(null)),
                new Case("rememberMeIdleTimeout", b -> b.rememberMeIdleTimeout(Duration.ZERO),
                        b -> b.rememberMeIdleTimeout(null)),
                new Case("rememberMeAbsoluteTimeout", b -> b.rememberMeAbsoluteTimeout(Duration.ZERO),
                        b -> b.rememberMeAbsoluteTimeout(null)),
                new Case("lastSeenResolution", b -> b.lastSeenResolution(Duration.ZERO), b -> b.lastSeenResolution(null)),
                new Case("resetTokenTtl", b -> b.resetTokenTtl(Duration.ZERO), b -> b.resetTokenTtl(null)),
                new Case("resetRequestWindow", b -> b.resetRequestWindow(Duration.ZERO), b -> b.resetRequestWindow(null)),
                new Case("verificationTokenTtl", b -> b.verificationTokenTtl(Duration.ZERO),
                        b -> b.verificationTokenTtl(null)),
                new Case("loginChallengeTtl", b -> b.loginChallengeTtl(Duration.ZERO), b -> b.loginChallengeTtl(null)),
                new Case("emailChangeTokenTtl", b -> b.emailChangeTokenTtl(Duration.ZERO), b -> b.emailChangeTokenTtl(null)));
        for (Case c : cases) {
            assertThat(problems(c.zero())).containsExactly(c.name() + " must be positive and at most 36500 days, was PT0S");
            assertThat(problems(c.none())).containsExactly(c.name() + " must be set (was null)");
        }
        assertThat(problems(b -> b.idleTimeout(Duration.ofSeconds(-1))))
                .containsExactly("idleTimeout must be positive and at most 36500 days, was PT-1S");
    }

    @Test
    void theLockoutMustNotShrink() {
        assertThat(problems(b -> b.lockoutBase(Duration.ofMinutes(10)).lockoutMax(Duration.ofMinutes(5))))
                .containsExactly("lockoutMax must be at least lockoutBase, was PT5M < PT10M");
        assertThat(problems(b -> b.lockoutBase(Duration.ZERO))).containsExactly("lockoutBase must be positive and at most 36500 days, was PT0S");
        assertThat(problems(b -> b.lockoutMax(null))).containsExactly("lockoutMax must be set (was null)");
        assertThat(AuthOptions.builder().lockoutBase(Duration.ofMinutes(5)).lockoutMax(Duration.ofMinutes(5)).build()
                .lockoutMax()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aDurationPastAHundredYearsIsRefused() {
        // Long.MAX_VALUE seconds would overflow the nanosecond wait of hashing and every expiry sum.
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
        assertThat(problems(b -> b.hashingWait(huge).idleTimeout(huge))).containsExactly(
                "hashingWait must be positive and at most 36500 days, was " + huge,
                "idleTimeout must be positive and at most 36500 days, was " + huge);
        assertThat(AuthOptions.builder().resetTokenTtl(Duration.ofDays(36_500)).build().resetTokenTtl())
                .isEqualTo(Duration.ofDays(36_500));
    }

    @Test
    void aUserSettingKeyDeclaredTwiceIsRefused() {
        assertThat(problems(b -> b.userSettings(Setting.string("ui.language", "en"), Setting.string("ui.language", "de"))))
                .containsExactly("userSettings declares a key more than once: [ui.language, ui.language]");
    }

    @Test
    void aNullUserSettingIsRefused() {
        Setting<String> language = Setting.string("ui.language", "en");
        assertThat(problems(b -> b.userSettings(language, null))).containsExactly("userSettings must not hold null");
        assertThat(problems(b -> b.userSettings((Setting<?>[]) null))).containsExactly("userSettings must not hold null");
    }

    @Test
    void everyBadSettingIsReportedAtOnce() {
        assertThat(problems(b -> b.bcryptCost(7).lockoutThreshold(0))).containsExactly(
                "bcryptCost is 7: use 10 to 14 (4 only in tests) (default 12)",
                "lockoutThreshold must be at least 1, was 0 (default 5)");
        assertThat(problems(b -> b.hashingConcurrency(0).idleTimeout(null).resetTokenTtl(Duration.ofSeconds(-5))
                .lockoutBase(Duration.ofHours(1)))).hasSize(4).anySatisfy(p -> assertThat(p).startsWith("hashingConcurrency"))
                .contains("idleTimeout must be set (was null)", "resetTokenTtl must be positive and at most 36500 days, was PT-5S",
                        "lockoutMax must be at least lockoutBase, was PT15M < PT1H");
    }

    @Test
    void aModuleWithoutOptionsIsAConfigurationError() {
        assertThatThrownBy(() -> new AuthModule(null)).isInstanceOfSatisfying(PortalConfigurationException.class,
                e -> assertThat(e.problems()).containsExactly("AuthModule needs options (was null): use AuthOptions.defaults()"));
    }
}
