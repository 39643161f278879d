package dev.portalkit.auth;

/** Whether a user may sign in. */
public enum UserStatus {
    ACTIVE, DISABLED
}
