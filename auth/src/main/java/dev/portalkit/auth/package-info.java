/**
 * portalkit-auth: users with ordered roles, sign-in sessions (with an optional second factor: TOTP and
 * recovery codes), password reset, e-mail verification and change, and per-user settings. Install
 * {@link dev.portalkit.auth.AuthModule}; call {@link dev.portalkit.auth.UserService},
 * {@link dev.portalkit.auth.AuthService}, {@link dev.portalkit.auth.TwoFactorService},
 * {@link dev.portalkit.auth.PasswordResetService} and {@link dev.portalkit.auth.UserSettingsService}.
 */
package dev.portalkit.auth;
