package dev.portalkit.auth;

import dev.portalkit.core.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
                          Duration verificationTokenTtl, List<Setting<?>> userSettings) {

    public AuthOptions {
        userSettings = List.copyOf(userSettings);
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
            userSettings.addAll(Arrays.asList(settings));
            return this;
        }

        /** @throws IllegalArgumentException naming the option and its allowed range */
        public AuthOptions build() {
            List<String> problems = new ArrayList<>();
            if (hasher == null && (bcryptCost < 4 || bcryptCost > 14 || (bcryptCost > 4 && bcryptCost < 10))) {
                problems.add("bcryptCost is " + bcryptCost + ": use 10 to 14 (4 only in tests) (default 12)");
            }
            if (hashingConcurrency < 1) {
                problems.add("hashingConcurrency must be at least 1");
            }
            if (lockoutThreshold < 1) {
                problems.add("lockoutThreshold must be at least 1 (default 5)");
            }
            if (resetRequestLimit < 1) {
                problems.add("resetRequestLimit must be at least 1 (default 3)");
            }
            if (maxSessionsPerUser < 1) {
                problems.add("maxSessionsPerUser must be at least 1 (default 10)");
            }
            for (Duration d : List.of(hashingWait, lockoutBase, lockoutMax, failureResetAfter, idleTimeout,
                    absoluteTimeout, rememberMeIdleTimeout, rememberMeAbsoluteTimeout, lastSeenResolution, resetTokenTtl,
                    resetRequestWindow, verificationTokenTtl)) {
                if (Objects.requireNonNull(d, "null duration").isNegative() || d.isZero()) {
                    problems.add("durations must be positive, got " + d);
                }
            }
            if (lockoutMax.compareTo(lockoutBase) < 0) {
                problems.add("lockoutMax must be at least lockoutBase");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Invalid AuthOptions: " + String.join("; ", problems));
            }
            return new AuthOptions(bcryptCost, hasher, hashingConcurrency, hashingWait, lockoutThreshold, lockoutBase,
                    lockoutMax, failureResetAfter, idleTimeout, absoluteTimeout, rememberMeIdleTimeout,
                    rememberMeAbsoluteTimeout, maxSessionsPerUser, lastSeenResolution, resetTokenTtl, resetRequestLimit,
                    resetRequestWindow, verificationTokenTtl, userSettings);
        }
    }
}
