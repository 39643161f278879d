package dev.portalkit.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * portalkit-auth's options (AuthOptions), {@code portalkit.auth.*} through {@link PortalKitProperties#getAuth()}.
 * A PasswordHasher bean replaces bcrypt.
 */
public class AuthProperties {

    /** bcrypt cost factor, 10 to 14 (4 only in tests). */
    private int bcryptCost = 12;

    /** How many password hashes may be computed at once. Unset: the number of processors. */
    private Integer hashingConcurrency;

    /** Longest wait for a hashing slot before a retryable PK-2006. */
    private Duration hashingWait = Duration.ofSeconds(5);

    /** Consecutive failures that lock an account. */
    private int lockoutThreshold = 5;

    /** First lock; each further lock doubles it up to lockout-max. */
    private Duration lockoutBase = Duration.ofMinutes(1);

    /** Longest lock. */
    private Duration lockoutMax = Duration.ofMinutes(15);

    /** The failure count starts again after this long without a counted failure or a lock. */
    private Duration failureResetAfter = Duration.ofMinutes(15);

    /** A session unused this long ends. */
    private Duration idleTimeout = Duration.ofMinutes(30);

    /** A session ends this long after login, used or not. */
    private Duration absoluteTimeout = Duration.ofHours(12);

    /** Idle timeout of a remember-me session. */
    private Duration rememberMeIdleTimeout = Duration.ofDays(14);

    /** Absolute timeout of a remember-me session. */
    private Duration rememberMeAbsoluteTimeout = Duration.ofDays(30);

    /** Live sessions per user; a further login ends the least recently used. */
    private int maxSessionsPerUser = 10;

    /** last_seen_at is written at most this often per session. */
    private Duration lastSeenResolution = Duration.ofMinutes(1);

    /** How long a password reset token works. */
    private Duration resetTokenTtl = Duration.ofMinutes(30);

    /** Reset requests allowed per address within reset-request-window. */
    private int resetRequestLimit = 3;

    /** The sliding window reset-request-limit counts in. */
    private Duration resetRequestWindow = Duration.ofHours(1);

    /** How long an e-mail verification token works. */
    private Duration verificationTokenTtl = Duration.ofHours(24);

    /** How long the password step's challenge waits for the second factor. */
    private Duration loginChallengeTtl = Duration.ofMinutes(5);

    /** How long an e-mail change token works. */
    private Duration emailChangeTokenTtl = Duration.ofHours(24);

    private final Totp totp = new Totp();

    public int getBcryptCost() {
        return bcryptCost;
    }

    public void setBcryptCost(int bcryptCost) {
        this.bcryptCost = bcryptCost;
    }

    public Integer getHashingConcurrency() {
        return hashingConcurrency;
    }

    public void setHashingConcurrency(Integer hashingConcurrency) {
        this.hashingConcurrency = hashingConcurrency;
    }

    public Duration getHashingWait() {
        return hashingWait;
    }

    public void setHashingWait(Duration hashingWait) {
        this.hashingWait = hashingWait;
    }

    public int getLockoutThreshold() {
        return lockoutThreshold;
    }

    public void setLockoutThreshold(int lockoutThreshold) {
        this.lockoutThreshold = lockoutThreshold;
    }

    public Duration getLockoutBase() {
        return lockoutBase;
    }

    public void setLockoutBase(Duration lockoutBase) {
        this.lockoutBase = lockoutBase;
    }

    public Duration getLockoutMax() {
        return lockoutMax;
    }

    public void setLockoutMax(Duration lockoutMax) {
        this.lockoutMax = lockoutMax;
    }

    public Duration getFailureResetAfter() {
        return failureResetAfter;
    }

    public void setFailureResetAfter(Duration failureResetAfter) {
        this.failureResetAfter = failureResetAfter;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getAbsoluteTimeout() {
        return absoluteTimeout;
    }

    public void setAbsoluteTimeout(Duration absoluteTimeout) {
        this.absoluteTimeout = absoluteTimeout;
    }

    public Duration getRememberMeIdleTimeout() {
        return rememberMeIdleTimeout;
    }

    public void setRememberMeIdleTimeout(Duration rememberMeIdleTimeout) {
        this.rememberMeIdleTimeout = rememberMeIdleTimeout;
    }

    public Duration getRememberMeAbsoluteTimeout() {
        return rememberMeAbsoluteTimeout;
    }

    public void setRememberMeAbsoluteTimeout(Duration rememberMeAbsoluteTimeout) {
        this.rememberMeAbsoluteTimeout = rememberMeAbsoluteTimeout;
    }

    public int getMaxSessionsPerUser() {
        return maxSessionsPerUser;
    }

    public void setMaxSessionsPerUser(int maxSessionsPerUser) {
        this.maxSessionsPerUser = maxSessionsPerUser;
    }

    public Duration getLastSeenResolution() {
        return lastSeenResolution;
    }

    public void setLastSeenResolution(Duration lastSeenResolution) {
        this.lastSeenResolution = lastSeenResolution;
    }

    public Duration getResetTokenTtl() {
        return resetTokenTtl;
    }

    public void setResetTokenTtl(Duration resetTokenTtl) {
        this.resetTokenTtl = resetTokenTtl;
    }

    public int getResetRequestLimit() {
        return resetRequestLimit;
    }

    public void setResetRequestLimit(int resetRequestLimit) {
        this.resetRequestLimit = resetRequestLimit;
    }

    public Duration getResetRequestWindow() {
        return resetRequestWindow;
    }

    public void setResetRequestWindow(Duration resetRequestWindow) {
        this.resetRequestWindow = resetRequestWindow;
    }

    public Duration getVerificationTokenTtl() {
        return verificationTokenTtl;
    }

    public void setVerificationTokenTtl(Duration verificationTokenTtl) {
        this.verificationTokenTtl = verificationTokenTtl;
    }

    public Duration getLoginChallengeTtl() {
        return loginChallengeTtl;
    }

    public void setLoginChallengeTtl(Duration loginChallengeTtl) {
        this.loginChallengeTtl = loginChallengeTtl;
    }

    public Duration getEmailChangeTokenTtl() {
        return emailChangeTokenTtl;
    }

    public void setEmailChangeTokenTtl(Duration emailChangeTokenTtl) {
        this.emailChangeTokenTtl = emailChangeTokenTtl;
    }

    public Totp getTotp() {
        return totp;
    }

    @Override
    public String toString() {
        return "AuthProperties[bcryptCost=" + bcryptCost + ", lockoutThreshold=" + lockoutThreshold + ", totp=" + totp
                + ", loginChallengeTtl=" + loginChallengeTtl + ", emailChangeTokenTtl=" + emailChangeTokenTtl + ", ...]";
    }

    /** Two-factor sign-in (TOTP): AuthOptions.totpKey, previousTotpKey and totpIssuer. */
    public static class Totp {

        /**
         * Keys the TOTP secrets are encrypted under (AES-256-GCM), the current one first (new enrolments);
         * later ones only decrypt secrets enrolled earlier. Without a key two-factor enrolment fails with PK-2011.
         */
        private List<Key> keys = new ArrayList<>();

        /** The issuer named in otpauth:// URIs, shown by authenticator apps. */
        private String issuer = "PortalKit";

        public List<Key> getKeys() {
            return keys;
        }

        public void setKeys(List<Key> keys) {
            this.keys = keys;
        }

        public String getIssuer() {
            return issuer;
        }

        public void setIssuer(String issuer) {
            this.issuer = issuer;
        }

        @Override
        public String toString() {
            return "Totp[keys=" + keys + ", issuer=" + issuer + "]";
        }

        /** One TOTP key. */
        public static class Key {

            /** The key's name, stored with each secret it encrypts: 1 to 32 letters, digits or . _ -. */
            private String id;

            /** The key, Base64, exactly 32 bytes decoded; from a secret store, never logged. */
            private String secret;

            public String getId() {
                return id;
            }

            public void setId(String id) {
                this.id = id;
            }

            public String getSecret() {
                return secret;
            }

            public void setSecret(String secret) {
                this.secret = secret;
            }

            @Override
            public String toString() {
                return "Key[id=" + id + ", secret=***]";
            }
        }
    }
}
