/**
 * portalkit-auth: users with roles, sessions, password reset and user settings. Its services and
 * tables arrive with the auth issue; the module holds no code yet.
 */
package dev.portalkit.auth;
