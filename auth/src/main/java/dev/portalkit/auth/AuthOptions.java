package dev.portalkit.auth;

import dev.portalkit.core.PortalConfigurationException;
import dev.portalkit.core.Setting;
import dev.portalkit.core.spi.Problems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of portalkit-auth. Build with {@link #builder()}; every default is in the setter's
 * javadoc and in the README.
 */
public record AuthOptions(int bcryptCost, PasswordHasher hasher, int hashingConcurrency, Duration hashingWait,
                          int lockoutThreshold, Duration lockoutBase, Duration lockoutMax, Duration failureResetAfter,
                          Duration idleTimeout, Duration absoluteTimeout, Duration rememberMeIdleTimeout,
                          Duration rememberMeAbsoluteTimeout, int maxSessionsPerUser, Duration lastSeenResolution,
                          Duration resetTokenTtl, int resetRequestLimit, Duration resetRequestWindow,
                          Duration verificationTokenTtl, List<Setting<?>> userSettings, String totpKeyId,
                          Map<String, byte[]> totpKeys, String totpIssuer, Duration loginChallengeTtl,
                          Duration emailChangeTokenTtl) {

    /**
     * 0.1.0's constructor, kept for binary compatibility: two-factor sign-in and the e-mail change at
     * their defaults (no TOTP key, issuer PortalKit, challenges 5 minutes, e-mail change tokens 24 hours).
     * Use {@link #builder()}.
     */
    @Deprecated
    public AuthOptions(int bcryptCost, PasswordHasher hasher, int hashingConcurrency, Duration hashingWait,
                       int lockoutThreshold, Duration lockoutBase, Duration lockoutMax, Duration failureResetAfter,
                       Duration idleTimeout, Duration absoluteTimeout, Duration rememberMeIdleTimeout,
                       Duration rememberMeAbsoluteTimeout, int maxSessionsPerUser, Duration lastSeenResolution,
                       Duration resetTokenTtl, int resetRequestLimit, Duration resetRequestWindow,
                       Duration verificationTokenTtl, List<Setting<?>> userSettings) {
        this(bcryptCost, hasher, hashingConcurrency, hashingWait, lockoutThreshold, lockoutBase, lockoutMax,
                failureResetAfter, idleTimeout, absoluteTimeout, rememberMeIdleTimeout, rememberMeAbsoluteTimeout,
                maxSessionsPerUser, lastSeenResolution, resetTokenTtl, resetRequestLimit, resetRequestWindow,
                verificationTokenTtl, userSettings, null, Map.of(), "PortalKit", Duration.ofMinutes(5), Duration.ofHours(24));
    }

    /** @throws PortalConfigurationException listing every bad setting, as {@link Builder#build()} does */
    public AuthOptions {
        Problems problems = new Problems();
        problems.check(hasher != null || bcryptCost == 4 || bcryptCost >= 10 && bcryptCost <= 14,
                "bcryptCost is %d: use 10 to 14 (4 only in tests) (default 12)", bcryptCost);
        problems.check(hashingConcurrency >= 1,
                "hashingConcurrency must be at least 1, was %d (default: the number of processors)", hashingConcurrency);
        problems.check(lockoutThreshold >= 1, "lockoutThreshold must be at least 1, was %d (default 5)", lockoutThreshold);
        problems.check(resetRequestLimit >= 1, "resetRequestLimit must be at least 1, was %d (default 3)", resetRequestLimit);
        problems.check(maxSessionsPerUser >= 1, "maxSessionsPerUser must be at least 1, was %d (default 10)",
                maxSessionsPerUser);
        problems.positive("hashingWait", hashingWait);
        boolean lockoutSet = problems.positive("lockoutBase", lockoutBase) & problems.positive("lockoutMax", lockoutMax);
        problems.positive("failureResetAfter", failureResetAfter);
        problems.positive("idleTimeout", idleTimeout);
        problems.positive("absoluteTimeout", absoluteTimeout);
        problems.positive("rememberMeIdleTimeout", rememberMeIdleTimeout);
        problems.positive("rememberMeAbsoluteTimeout", rememberMeAbsoluteTimeout);
        problems.positive("lastSeenResolution", lastSeenResolution);
        problems.positive("resetTokenTtl", resetTokenTtl);
        problems.positive("resetRequestWindow", resetRequestWindow);
        problems.positive("verificationTokenTtl", verificationTokenTtl);
        problems.check(!lockoutSet || lockoutMax.compareTo(lockoutBase) >= 0,
                "lockoutMax must be at least lockoutBase, was %s < %s", lockoutMax, lockoutBase);
        if (problems.required(userSettings, "userSettings")) {
            boolean noNull = userSettings.stream().allMatch(Objects::nonNull);
            problems.check(noNull, "userSettings must not hold null");
            problems.check(!noNull || userSettings.stream().map(Setting::key).distinct().count() == userSettings.size(),
                    "userSettings declares a key more than once: %s", noNull ? userSettings.stream().map(Setting::key).toList() : "");
        }
        problems.positive("loginChallengeTtl", loginChallengeTtl);
        problems.positive("emailChangeTokenTtl", emailChangeTokenTtl);
        problems.check(totpIssuer != null && totpIssuer.matches("[A-Za-z0-9 ._-]{1,64}"),
                "totpIssuer must be 1 to 64 letters, digits, spaces or . _ - (was %s) (default PortalKit)", totpIssuer);
        if (problems.required(totpKeys, "totpKeys")) {
            totpKeys.forEach((id, key) -> {
                problems.check(id != null && KEY_ID.matcher(id).matches(),
                        "a totpKey id must be 1 to 32 letters, digits or . _ - (was %s)", id);
                problems.check(key != null && key.length == 32,
                        "totpKey %s must be 32 bytes (AES-256), was %s", id, key == null ? "null" : key.length + " bytes");
            });
            problems.check(totpKeyId == null || totpKeys.containsKey(totpKeyId),
                    "totpKeyId %s names no key given to totpKey (default: none, two-factor enrolment refused)", totpKeyId);
        }
        problems.throwIfAny();
        userSettings = List.copyOf(userSettings);
        Map<String, byte[]> keys = new LinkedHashMap<>();
        totpKeys.forEach((id, key) -> keys.put(id, key.clone()));
        totpKeys = Collections.unmodifiableMap(keys);
    }

    private static final java.util.regex.Pattern KEY_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,32}");

    /** The key TOTP secrets are encrypted under, or null when none is set (enrolment is then refused). */
    public byte[] totpKey(String id) {
        byte[] key = id == null ? null : totpKeys.get(id);
        return key == null ? null : key.clone();
    }

    /** Without the keys' bytes: options may be logged. */
    @Override
    public String toString() {
        return "AuthOptions[bcryptCost=" + bcryptCost + ", lockoutThreshold=" + lockoutThreshold + ", totpKeyId="
                + totpKeyId + ", totpKeys=" + totpKeys.keySet() + ", loginChallengeTtl=" + loginChallengeTtl
                + ", emailChangeTokenTtl=" + emailChangeTokenTtl + ", ...]";
    }

    public static AuthOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int bcryptCost = 12;
        private PasswordHasher hasher;
        private int hashingConcurrency = Runtime.getRuntime().availableProcessors();
        private Duration hashingWait = Duration.ofSeconds(5);
        private int lockoutThreshold = 5;
        private Duration lockoutBase = Duration.ofMinutes(1);
        private Duration lockoutMax = Duration.ofMinutes(15);
        private Duration failureResetAfter = Duration.ofMinutes(15);
        private Duration idleTimeout = Duration.ofMinutes(30);
        private Duration absoluteTimeout = Duration.ofHours(12);
        private Duration rememberMeIdleTimeout = Duration.ofDays(14);
        private Duration rememberMeAbsoluteTimeout = Duration.ofDays(30);
        private int maxSessionsPerUser = 10;
        private Duration lastSeenResolution = Duration.ofMinutes(1);
        private Duration resetTokenTtl = Duration.ofMinutes(30);
        private int resetRequestLimit = 3;
        private Duration resetRequestWindow = Duration.ofHours(1);
        private Duration verificationTokenTtl = Duration.ofHours(24);
        private final List<Setting<?>> userSettings = new ArrayList<>();
        private String totpKeyId;
        private final Map<String, byte[]> totpKeys = new LinkedHashMap<>();
        private String totpIssuer = "PortalKit";
        private Duration loginChallengeTtl = Duration.ofMinutes(5);
        private Duration emailChangeTokenTtl = Duration.ofHours(24);

        private Builder() {
        }

        /** bcrypt cost factor, 10 to 14 (tests may use 4). (default: 12) */
        public Builder bcryptCost(int cost) {
            this.bcryptCost = cost;
            return this;
        }

        /** A hasher of the host's instead of bcrypt at {@link #bcryptCost}. (default: bcrypt) */
        public Builder hasher(PasswordHasher h) {
            this.hasher = h;
            return this;
        }

        /** How many password hashes may be computed at once. (default: the number of processors) */
        public Builder hashingConcurrency(int n) {
            this.hashingConcurrency = n;
            return this;
        }

        /**
         * Longest wait for a hashing slot when {@link #hashingConcurrency} hashes are already running;
         * past it the call fails with a retryable {@link dev.portalkit.core.TransientException}
         * ({@code PK-2006}) instead of holding the host's thread. (default: 5 seconds)
         */
        public Builder hashingWait(Duration d) {
            this.hashingWait = d;
            return this;
        }

        /** Consecutive failures that lock an account. (default: 5) */
        public Builder lockoutThreshold(int n) {
            this.lockoutThreshold = n;
            return this;
        }

        /** First lock; each further lock doubles it up to {@link #lockoutMax}. (default: 1 minute) */
        public Builder lockoutBase(Duration d) {
            this.lockoutBase = d;
            return this;
        }

        /** Longest lock; locks are never permanent. (default: 15 minutes) */
        public Builder lockoutMax(Duration d) {
            this.lockoutMax = d;
            return this;
        }

        /**
         * The failure count starts again after this long without a counted failure and without a lock
         * (measured from the later of the last counted failure and the end of the last lock), like
         * Keycloak's failure reset time. (default: 15 minutes)
         */
        public Builder failureResetAfter(Duration d) {
            this.failureResetAfter = d;
            return this;
        }

        /** A session unused this long ends. (default: 30 minutes) */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = d;
            return this;
        }

        /** A session ends this long after login, used or not. (default: 12 hours) */
        public Builder absoluteTimeout(Duration d) {
            this.absoluteTimeout = d;
            return this;
        }

        /** Idle timeout of a remember-me session. (default: 14 days) */
        public Builder rememberMeIdleTimeout(Duration d) {
            this.rememberMeIdleTimeout = d;
            return this;
        }

        /** Absolute timeout of a remember-me session. (default: 30 days) */
        public Builder rememberMeAbsoluteTimeout(Duration d) {
            this.rememberMeAbsoluteTimeout = d;
            return this;
        }

        /** Live sessions per user; a further login ends the least recently used. (default: 10) */
        public Builder maxSessionsPerUser(int n) {
            this.maxSessionsPerUser = n;
            return this;
        }

        /** {@code last_seen_at} is written at most this often per session. (default: 1 minute) */
        public Builder lastSeenResolution(Duration d) {
            this.lastSeenResolution = d;
            return this;
        }

        /** How long a password reset token works. (default: 30 minutes) */
        public Builder resetTokenTtl(Duration d) {
            this.resetTokenTtl = d;
            return this;
        }

        /**
         * Reset requests allowed per address (so per account) within {@link #resetRequestWindow}; a
         * further one fails with {@link PasswordResetLimitException} ({@code PK-2005}, retryable), for
         * an address with an account and one without alike. (default: 3)
         */
        public Builder resetRequestLimit(int n) {
            this.resetRequestLimit = n;
            return this;
        }

        /** The sliding window {@link #resetRequestLimit} counts in. (default: 1 hour) */
        public Builder resetRequestWindow(Duration d) {
            this.resetRequestWindow = d;
            return this;
        }

        /** How long an e-mail verification token works. (default: 24 hours) */
        public Builder verificationTokenTtl(Duration d) {
            this.verificationTokenTtl = d;
            return this;
        }

        /** Per-user settings {@link UserSettingsService} knows. (default: none) */
        public Builder userSettings(Setting<?>... settings) {
            // Nulls are kept for build() to report, with every other problem.
            userSettings.addAll(settings == null ? Collections.singletonList(null) : Arrays.asList(settings));
            return this;
        }

        /**
         * The host key TOTP secrets are encrypted under (AES-256-GCM): 32 bytes, kept outside the
         * database, named by {@code id} (1 to 32 letters, digits or {@code . _ -}), which is stored with
         * each secret. New enrolments use this key; call {@link #previousTotpKey} for keys secrets may
         * still be encrypted under. Without one, two-factor enrolment fails with {@code PK-2011}.
         * (default: none)
         */
        public Builder totpKey(String id, byte[] key) {
            this.totpKeyId = id;
            totpKeys.put(id, key == null ? null : key.clone());
            return this;
        }

        /** A key secrets enrolled earlier may be encrypted under: read, never used for new ones. (default: none) */
        public Builder previousTotpKey(String id, byte[] key) {
            totpKeys.putIfAbsent(id, key == null ? null : key.clone());
            return this;
        }

        /** The issuer named in otpauth:// URIs, shown by authenticator apps. (default: PortalKit) */
        public Builder totpIssuer(String issuer) {
            this.totpIssuer = issuer;
            return this;
        }

        /** How long the password step's challenge waits for the second factor. (default: 5 minutes) */
        public Builder loginChallengeTtl(Duration d) {
            this.loginChallengeTtl = d;
            return this;
        }

        /** How long an e-mail change token works. (default: 24 hours) */
        public Builder emailChangeTokenTtl(Duration d) {
            this.emailChangeTokenTtl = d;
            return this;
        }

        /**
         * The options, checked: every bad setting is listed in one {@link PortalConfigurationException}
         * ({@code PK-1000}), naming the option, the value given and what is allowed.
         */
        public AuthOptions build() {
            return new AuthOptions(bcryptCost, hasher, hashingConcurrency, hashingWait, lockoutThreshold, lockoutBase,
                    lockoutMax, failureResetAfter, idleTimeout, absoluteTimeout, rememberMeIdleTimeout,
                    rememberMeAbsoluteTimeout, maxSessionsPerUser, lastSeenResolution, resetTokenTtl, resetRequestLimit,
                    resetRequestWindow, verificationTokenTtl, userSettings, totpKeyId, totpKeys, totpIssuer,
                    loginChallengeTtl, emailChangeTokenTtl);
        }
    }
}
