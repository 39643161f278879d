/**
 * portalkit-auth: users with ordered roles, sign-in sessions, password reset, e-mail verification
 * and per-user settings. Install {@link dev.portalkit.auth.AuthModule}; call
 * {@link dev.portalkit.auth.UserService}, {@link dev.portalkit.auth.AuthService},
 * {@link dev.portalkit.auth.PasswordResetService} and {@link dev.portalkit.auth.UserSettingsService}.
 */
package dev.portalkit.auth;
