package dev.portalkit.auth;

/**
 * A password reset token issued by {@link PasswordResetService#request}, with the address to send it
 * to: the account's stored e-mail, which may differ from what was typed (in letter case). Send the
 * token only to {@link #email()}. The token is shown here once; PortalKit keeps only its SHA-256.
 */
public record ResetRequest(String token, String email) {

    @Override
    public String toString() {
        return "ResetRequest[email=" + email + ", token=***]";
    }
}
