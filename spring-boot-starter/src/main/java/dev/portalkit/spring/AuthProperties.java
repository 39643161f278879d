package dev.portalkit.spring;

import java.time.Duration;

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
}
